using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Contracts;
using OneCity.DataHub.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.OpenData;

internal static class OpenDataRegistration
{
    public static IServiceCollection AddOpenData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(OpenDataOptions.From(configuration));
        services.AddScoped<OpenDataService>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpenDataApi(this IEndpointRouteBuilder app)
    {
        // The portal is public: anonymous visitors browse and download open datasets.
        var open = app.MapGroup("/api/open").WithTags("Open data");
        open.MapGet("/datasets", Search).AllowAnonymous().WithSummary("Search published datasets (text, theme, department; paged).");
        open.MapGet("/datasets/{code}", Get).AllowAnonymous().WithSummary("A published dataset's metadata and schema, and how the caller may use its records.");

        var downloads = app.MapGroup("/open/datasets/{code}").WithTags("Open data");
        downloads.MapGet("/download.csv", (string code, OpenDataService s, HttpContext http) => Download(code, "csv", s, http)).AllowAnonymous()
            .WithSummary("All records as CSV (UTF-8 with BOM). Conditional-open datasets need an active agreement; use is metered.");
        downloads.MapGet("/download.json", (string code, OpenDataService s, HttpContext http) => Download(code, "json", s, http)).AllowAnonymous()
            .WithSummary("All records as a JSON array. Conditional-open datasets need an active agreement; use is metered.");
        downloads.MapGet("/download.geojson", (string code, OpenDataService s, HttpContext http) => Download(code, "geojson", s, http)).AllowAnonymous()
            .WithSummary("Spatial datasets as a GeoJSON FeatureCollection (WGS84 points).");

        var applicants = open.MapGroup("/agreements").RequireAuthorization(Policies.Citizen);
        applicants.MapPost("", Apply).WithSummary("Apply for an authorised-operation agreement (授权运营) for a conditional-open dataset.");
        applicants.MapGet("/mine", Mine).WithSummary("The signed-in applicant's agreements with this month's metered use.");

        var stewards = open.MapGroup("/agreements").RequireAuthorization(p => p.RequireRole(CatalogueService.StewardRoles));
        stewards.MapGet("", List).WithSummary("All agreements (status = Pending | Approved | Rejected).");
        stewards.MapPost("/{id:long}/approve", Approve).WithSummary("Approve with terms: expiry, monthly row quota, monthly call quota (audited).");
        stewards.MapPost("/{id:long}/reject", Reject).WithSummary("Reject with a reason (audited).");
        return app;
    }

    /// <summary>Loads this capability's demo data, idempotently: the statistical release built from the stored cases.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) =>
        OpenDataService.LoadReleaseAsync(db, services.GetRequiredService<OpenDataOptions>().SuppressionThreshold, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);

    private static async Task<Results<Ok<CataloguePage>, ValidationProblem>> Search(
        string? q, string? theme, string? department, int? page, int? pageSize, CatalogueService catalogue, HttpContext http)
    {
        var query = new CatalogueQuery(department, null, null, null, q, theme, page ?? 1, pageSize ?? 20);
        var errors = CatalogueService.Validate(query);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await catalogue.SearchAsync(query, publishedOnly: true, http.RequestAborted));
    }

    private static async Task<Results<Ok<OpenDatasetView>, ValidationProblem, ProblemHttpResult>> Get(string code, OpenDataService s, HttpContext http) =>
        CatalogueRegistration.ToResult(await s.ViewAsync(CurrentUser.From(http.User), code, withPreview: false, http.RequestAborted));

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Download(string code, string format, OpenDataService s, HttpContext http)
    {
        var user = CurrentUser.From(http.User);
        var ct = http.RequestAborted;
        if (await s.AccessAsync(user, code, ct) is not { Dataset: { } d } access)
        {
            return Problems.NotFound($"No published dataset {code}.");
        }

        if (format == "geojson" && !d.Spatial)
        {
            return Problems.NotFound($"Dataset {code} is not spatial; download it as CSV or JSON.");
        }

        switch (access.Access)
        {
            case "sign-in-required":
                return TypedResults.Problem($"Dataset {code} is conditional-open: sign in as a registered applicant with an approved agreement.", statusCode: StatusCodes.Status401Unauthorized, title: "Agreement required");
            case "agreement-required" or "agreement-pending":
                return Problems.Forbidden($"Dataset {code} is conditional-open: an approved authorised-operation agreement is required ({access.Access}).");
            case "agreement-active":
                var rows = await s.CountAsync(code, ct);
                if (await s.MeterAsync(user, access.Agreement!, rows, "download." + format, ct) is { } refused)
                {
                    return TypedResults.Problem(refused, statusCode: StatusCodes.Status429TooManyRequests, title: "Quota exceeded");
                }

                break;
        }

        var names = d.Fields.OrderBy(f => f.Position).Select(f => f.Name).ToList();
        var records = s.RecordJsonAsync(code);
        return format switch
        {
            "csv" => TypedResults.Stream(body => OpenDataService.WriteCsvAsync(body, names, records, ct), "text/csv; charset=utf-8", code + ".csv"),
            "json" => TypedResults.Stream(body => OpenDataService.WriteJsonAsync(body, records, ct), "application/json; charset=utf-8", code + ".json"),
            _ => TypedResults.Stream(body => OpenDataService.WriteGeoJsonAsync(body, records, ct), "application/geo+json", code + ".geojson"),
        };
    }

    private static async Task<Results<Created<AgreementView>, ValidationProblem, ProblemHttpResult>> Apply(AgreementApplication? request, OpenDataService s, HttpContext http)
    {
        var o = await s.ApplyAsync(CurrentUser.From(http.User), request ?? new(null, null, null), http.RequestAborted);
        return o.Ok ? TypedResults.Created($"/api/open/agreements/{o.Value!.Id}", o.Value) : Fail(o);
    }

    private static async Task<Ok<IReadOnlyList<AgreementView>>> Mine(OpenDataService s, HttpContext http) =>
        TypedResults.Ok(await s.ListAsync(CurrentUser.From(http.User).UserId, null, http.RequestAborted));

    private static async Task<Results<Ok<IReadOnlyList<AgreementView>>, ValidationProblem>> List(string? status, OpenDataService s, HttpContext http)
    {
        AgreementStatus? st = null;
        if (status is { Length: > 0 })
        {
            if (!EnumNames.TryParse<AgreementStatus>(status, out var parsed))
            {
                return Problems.Invalid("status", "must be one of Pending, Approved, Rejected");
            }

            st = parsed;
        }

        return TypedResults.Ok(await s.ListAsync(null, st, http.RequestAborted));
    }

    private static async Task<Results<Ok<AgreementView>, ValidationProblem, ProblemHttpResult>> Approve(long id, AgreementApproval? approval, OpenDataService s, HttpContext http) =>
        CatalogueRegistration.ToResult(await s.DecideAsync(CurrentUser.From(http.User), id, approval ?? new(null, null, null, null), null, http.RequestAborted));

    private static async Task<Results<Ok<AgreementView>, ValidationProblem, ProblemHttpResult>> Reject(long id, AgreementRejection? rejection, OpenDataService s, HttpContext http) =>
        CatalogueRegistration.ToResult(await s.DecideAsync(CurrentUser.From(http.User), id, null, rejection ?? new(null), http.RequestAborted));

    private static Results<Created<AgreementView>, ValidationProblem, ProblemHttpResult> Fail(DataHubOutcome<AgreementView> o) =>
        o.Status == 400 ? Problems.Invalid(o.Errors!.ToDictionary(e => e.Key, e => e.Value)) : TypedResults.Problem(o.Detail, statusCode: o.Status);
}
