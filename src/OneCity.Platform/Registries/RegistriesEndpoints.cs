using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Registries;

/// <summary>The base registries' API: masked by default, full values only with a role, a jurisdiction and a stated purpose.</summary>
internal static class RegistriesEndpoints
{
    public static void MapRegistriesEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/registries").WithTags("Registries");
        var staff = g.MapGroup("").RequireAuthorization(Policies.RegistryReader);

        staff.MapGet("/people", SearchPeople).WithSummary("Search the population registry by identity number, mobile number or person id (masked).");
        staff.MapGet("/people/{id}", GetPerson).WithSummary("One resident, masked, with family links.");
        g.MapPost("/people/{id}/reveal", Reveal).RequireAuthorization(Policies.PersonalDataReader)
            .WithSummary("Reveal full personal values for a stated purpose (recorded in the audit ledger).");
        staff.MapGet("/people/{id}/properties", PropertiesOf).WithSummary("Properties a resident owns (addresses masked).");
        staff.MapGet("/people/{id}/elicences", LicencesOf).WithSummary("A resident's e-licences.");
        staff.MapGet("/entities", SearchEntities).WithSummary("Search the legal-entity registry by credit code or name.");
        staff.MapGet("/entities/{creditCode}", GetEntity).WithSummary("One legal entity.");

        var me = g.MapGroup("/me").RequireAuthorization(Policies.Citizen);
        me.MapGet("", Me).WithSummary("The signed-in citizen's own registry record, in full.");
        me.MapGet("/elicences", MyLicences).WithSummary("The signed-in citizen's (and their companies') e-licences.");

        g.MapGet("/elicences/{id}/verify", Verify).AllowAnonymous()
            .WithSummary("Verify an e-licence's SM2 signature and validity (no personal data in the answer).");
    }

    private static async Task<Results<Ok<PagedList<PersonSummary>>, ValidationProblem>> SearchPeople(
        string? q, string? area, int? page, int? pageSize, RegistryAccess access, HttpContext http)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging(page, pageSize, errors);
        if (area is not null && (area.Length is not (6 or 9 or 12) || !area.All(char.IsAsciiDigit)))
        {
            errors.Add("area", "must be a 6-, 9- or 12-digit area code");
        }

        if (q?.Length > 40)
        {
            errors.Add("q", "at most 40 characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await access.SearchPeopleAsync(CurrentUser.From(http.User), q, area, p, size, http.RequestAborted));
    }

    private static async Task<Results<Ok<PersonDetail>, ProblemHttpResult>> GetPerson(string id, RegistryAccess access, HttpContext http) =>
        ToResult(await access.GetPersonAsync(CurrentUser.From(http.User), id, http.RequestAborted));

    private static async Task<Results<Ok<RevealResponse>, ValidationProblem, ProblemHttpResult>> Reveal(
        string id, RevealRequest? request, RegistryAccess access, HttpContext http)
    {
        request ??= new RevealRequest(null, null, null);
        var errors = request.Validate();
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await access.RevealAsync(CurrentUser.From(http.User), id, request, http.RequestAborted);
        return result.Outcome switch
        {
            AccessOutcome.Ok => TypedResults.Ok(result.Value!),
            AccessOutcome.Forbidden => Problems.Forbidden(result.Message!),
            _ => Problems.NotFound(result.Message!),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<PropertyView>>, ProblemHttpResult>> PropertiesOf(string id, RegistryAccess access, HttpContext http) =>
        ToResult(await access.PropertiesOfAsync(CurrentUser.From(http.User), id, http.RequestAborted));

    private static async Task<Results<Ok<IReadOnlyList<ELicenceView>>, ProblemHttpResult>> LicencesOf(string id, RegistryAccess access, HttpContext http) =>
        ToResult(await access.LicencesOfAsync(CurrentUser.From(http.User), id, http.RequestAborted));

    private static async Task<Results<Ok<PagedList<LegalEntityView>>, ValidationProblem>> SearchEntities(string? q, string? district, int? page, int? pageSize, RegistryService registry, HttpContext http)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging(page, pageSize, errors);
        if (district is not null && (district.Length != 6 || !district.All(char.IsAsciiDigit)))
        {
            errors.Add("district", "must be a 6-digit district code");
        }

        if (q?.Length > 100)
        {
            errors.Add("q", "at most 100 characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (items, total) = await registry.SearchEntitiesAsync(q, district, p, size, http.RequestAborted);
        return TypedResults.Ok(new PagedList<LegalEntityView>(items, total, p, size));
    }

    private static async Task<Results<Ok<LegalEntityView>, ProblemHttpResult>> GetEntity(string creditCode, RegistryService registry, HttpContext http)
    {
        var e = await registry.GetEntityAsync(creditCode.ToUpperInvariant(), http.RequestAborted);
        return e is null ? Problems.NotFound($"No legal entity has credit code {creditCode}.") : TypedResults.Ok(e);
    }

    private static async Task<Results<Ok<PersonRecord>, ProblemHttpResult>> Me(RegistryAccess access, HttpContext http) =>
        ToResult(await access.OwnRecordAsync(CurrentUser.From(http.User), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<ELicenceView>>> MyLicences(RegistryAccess access, HttpContext http) =>
        TypedResults.Ok(await access.OwnLicencesAsync(CurrentUser.From(http.User), http.RequestAborted));

    private static async Task<Results<Ok<ELicenceVerification>, ProblemHttpResult>> Verify(string id, RegistryService registry, HttpContext http)
    {
        var v = await registry.VerifyLicenceAsync(id, http.RequestAborted);
        return v is null ? Problems.NotFound($"No e-licence has id {id}.") : TypedResults.Ok(v);
    }

    private static Results<Ok<T>, ProblemHttpResult> ToResult<T>(Access<T> access) => access.Outcome switch
    {
        AccessOutcome.Ok => TypedResults.Ok(access.Value!),
        AccessOutcome.Forbidden => Problems.Forbidden(access.Message!),
        _ => Problems.NotFound(access.Message!),
    };

    private static (int Page, int Size) Paging(int? page, int? pageSize, FieldErrors errors)
    {
        var p = page ?? 1;
        var size = pageSize ?? 20;
        if (p < 1)
        {
            errors.Add("page", "must be 1 or more");
        }

        if (size is < 1 or > RegistryService.MaxPageSize)
        {
            errors.Add("pageSize", $"must be between 1 and {RegistryService.MaxPageSize}");
        }

        return (p, size);
    }
}
