using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Contracts;
using OneCity.DataHub.Data;
using OneCity.DataHub.OpenData;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Catalogue;

internal static class CatalogueRegistration
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<QualityCache>();
        services.AddScoped<CatalogueService>();
        services.AddScoped(sp => new DataHubCatalogue(sp.GetRequiredService<CatalogueService>(), sp.GetRequiredService<OpenDataService>()));
        return services;
    }

    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/datahub/catalogue").WithTags("DataHub catalogue");
        var staff = g.MapGroup("").RequireAuthorization(Policies.Staff);
        staff.MapGet("", Search).WithSummary("Search the data resource catalogue (department, level, sharing, open type, theme, text; paged), with quality.");
        staff.MapGet("/{code}", Get).WithSummary("One dataset: schema field by field, classification and quality.");

        var stewards = g.MapGroup("").RequireAuthorization(p => p.RequireRole(CatalogueService.StewardRoles));
        stewards.MapPut("/{code}/classification", Classify).WithSummary("Change a dataset's level, sharing type or open type (audited).");
        stewards.MapPut("/{code}/fields/{field}/classification", ClassifyField).WithSummary("Change a field's personal class, required flag or mask (audited).");
        stewards.MapPost("/{code}/publish", Publish).WithSummary("Publish on the open-data portal; refused (422) for personal fields or NotOpen datasets.");
        stewards.MapPost("/{code}/unpublish", Unpublish).WithSummary("Withdraw from the open-data portal.");
        return app;
    }

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) =>
        CatalogueDemo.LoadAsync(db, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);

    private static async Task<Results<Ok<CataloguePage>, ValidationProblem>> Search(
        string? department, string? level, string? sharing, string? open, string? theme, string? q, int? page, int? pageSize, CatalogueService catalogue, HttpContext http)
    {
        var query = new CatalogueQuery(department, level, sharing, open, q, theme, page ?? 1, pageSize ?? 20);
        var errors = CatalogueService.Validate(query);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await catalogue.SearchAsync(query, publishedOnly: false, http.RequestAborted));
    }

    private static async Task<Results<Ok<DatasetDetail>, ProblemHttpResult>> Get(string code, CatalogueService catalogue, HttpContext http) =>
        await catalogue.GetAsync(code, http.RequestAborted) is { } d ? TypedResults.Ok(d) : Problems.NotFound($"No dataset {code}.");

    private static async Task<Results<Ok<DatasetDetail>, ValidationProblem, ProblemHttpResult>> Classify(
        string code, ClassificationChange? change, CatalogueService catalogue, HttpContext http) =>
        ToResult(await catalogue.ChangeClassificationAsync(CurrentUser.From(http.User), code, change ?? new(null, null, null, null), http.RequestAborted));

    private static async Task<Results<Ok<DatasetDetail>, ValidationProblem, ProblemHttpResult>> ClassifyField(
        string code, string field, FieldClassificationChange? change, CatalogueService catalogue, HttpContext http) =>
        ToResult(await catalogue.ChangeFieldAsync(CurrentUser.From(http.User), code, field, change ?? new(null, null, null, null), http.RequestAborted));

    private static async Task<Results<Ok<DatasetDetail>, ValidationProblem, ProblemHttpResult>> Publish(string code, CatalogueService catalogue, HttpContext http) =>
        ToResult(await catalogue.PublishAsync(CurrentUser.From(http.User), code, http.RequestAborted));

    private static async Task<Results<Ok<DatasetDetail>, ValidationProblem, ProblemHttpResult>> Unpublish(string code, CatalogueService catalogue, HttpContext http) =>
        ToResult(await catalogue.UnpublishAsync(CurrentUser.From(http.User), code, http.RequestAborted));

    /// <summary>Maps a command outcome to its answer: the value, a 400 naming the fields, or a ProblemDetails with the status.</summary>
    internal static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToResult<T>(DataHubOutcome<T> o)
    {
        if (o.Ok)
        {
            return TypedResults.Ok(o.Value!);
        }

        if (o.Status == 400)
        {
            return Problems.Invalid(o.Errors!.ToDictionary(e => e.Key, e => e.Value));
        }

        var extensions = o.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = o.Errors };
        return TypedResults.Problem(o.Detail, statusCode: o.Status, title: o.Title ?? o.Status switch
        {
            404 => "Not found",
            403 => "Forbidden",
            409 => "Conflict",
            429 => "Too many requests",
            _ => "Cannot process the request",
        }, extensions: extensions);
    }
}
