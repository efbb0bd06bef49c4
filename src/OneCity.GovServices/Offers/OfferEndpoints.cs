using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Contracts;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Catalogue;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Offers;

internal sealed record ScanInput(string? AreaCode);

/// <summary>Proactive offers (免申即享): the citizen's offers and decisions, the department's list, and the scan.</summary>
internal static class OfferEndpoints
{
    public static readonly string[] Scanners = [Roles.SystemAdministrator, Roles.DepartmentAdministrator];

    public static IServiceCollection AddOffers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new OfferRules(OfferRules.Read()));
        services.AddScoped<IModuleStartup, OfferStartup>();
        services.AddScoped<OfferScanner>();
        services.AddScoped<OfferService>();
        if (configuration.GetValue("GovServices:Offers:ScheduledScan", true))
        {
            services.AddHostedService<OfferScanJob>();
        }

        return services;
    }

    public static void MapOfferEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/govservices/offers").WithTags("GovServices: proactive offers");
        g.MapGet("", Mine).RequireAuthorization(Policies.Citizen)
            .WithSummary("My proactive offers (免申即享): what, why (the rule's explanation and the registry facts that matched), how much, and the decision.");
        g.MapPost("/{id:long}/{action}", Decide).RequireAuthorization(Policies.Citizen)
            .WithSummary("Decide on one of my offers: confirm (records the benefit grant), decline, or object (body {text}, sent to the department).");
        g.MapGet("/department", Department).RequireAuthorization(p => p.RequireRole(StepActions.Handlers))
            .WithSummary("Offers my department handles, objections first (status= to filter).");
        g.MapPost("/scan", Scan).RequireAuthorization(p => p.RequireRole(Scanners))
            .WithSummary("Run the offer scan now over the city or one area (body {areaCode}: 6, 9 or 12 digits). Idempotent: one offer per rule, person and period.");
    }

    private static async Task<Ok<IReadOnlyList<OfferView>>> Mine(OfferService offers, HttpContext http) =>
        TypedResults.Ok(await offers.MineAsync(CurrentUser.From(http.User), http.RequestAborted));

    private static async Task<Results<Ok<OfferView>, ProblemHttpResult, ValidationProblem>> Decide(long id, string action, DecisionInput? input, OfferService offers, HttpContext http)
    {
        var (view, refusal) = await offers.DecideAsync(CurrentUser.From(http.User), id, action, input ?? new DecisionInput(null), http.RequestAborted);
        return refusal is not null ? ApplicationEndpoints.Fail<Ok<OfferView>>(refusal) : TypedResults.Ok(view!);
    }

    private static async Task<Results<Ok<IReadOnlyList<DepartmentOfferView>>, ValidationProblem>> Department(string? status, OfferService offers, HttpContext http)
    {
        if (status is not null && !EnumNames.TryParse<OfferStatus>(status, out var s))
        {
            return Problems.Invalid("status", "one of " + string.Join(", ", Enum.GetNames<OfferStatus>()));
        }

        return TypedResults.Ok(await offers.DepartmentAsync(CurrentUser.From(http.User), status, http.RequestAborted));
    }

    private static async Task<Results<Ok<OfferScanResult>, ValidationProblem, ProblemHttpResult>> Scan(ScanInput? input, OfferScanner scanner, HttpContext http)
    {
        var area = string.IsNullOrWhiteSpace(input?.AreaCode) ? null : input.AreaCode.Trim();
        if (area is not null && (area.Length is not (6 or 9 or 12) || !area.All(char.IsAsciiDigit) || !area.StartsWith("31", StringComparison.Ordinal)))
        {
            return Problems.Invalid("areaCode", "a Shanghai area code of 6, 9 or 12 digits, or empty for the whole city");
        }

        var user = CurrentUser.From(http.User);
        if (area is not null && !user.Covers(area) || area is null && user.JurisdictionCode != AreaCodes.City)
        {
            return Problems.Forbidden($"Your jurisdiction {user.JurisdictionCode} does not cover {area ?? AreaCodes.City}.");
        }

        try
        {
            return TypedResults.Ok(await scanner.ScanAsync(user, area, http.RequestAborted));
        }
        catch (DataHubAccessDeniedException e)
        {
            return TypedResults.Problem(title: e.Title, detail: "The population registry could not be read through DataHub: " + e.Detail, statusCode: 503);
        }
    }
}

/// <summary>Checks the offer rules against the catalogue at start-up: a broken rule file stops the platform with its path and rule.</summary>
internal sealed class OfferStartup(OfferRules rules, GovCatalogue catalogue) : IModuleStartup
{
    public async Task RunAsync(bool loadDemo, CancellationToken ct)
    {
        var snapshot = await catalogue.GetAsync(ct);
        if (OfferRules.Validate(rules.All, snapshot.Services) is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("offers.json: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Rule}")));
        }
    }
}
