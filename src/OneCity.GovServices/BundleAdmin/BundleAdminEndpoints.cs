using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.GovServices.Applications;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.BundleAdmin;

/// <summary>Bundle administration for system and department administrators: versions, drafts, publication.</summary>
internal static class BundleAdminEndpoints
{
    public static void MapBundleAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/admin/bundles").WithTags("GovServices: bundle administration")
            .RequireAuthorization(p => p.RequireRole(BundleAdministration.Editors));
        g.MapGet("", List).WithSummary("Every bundle with its versions (Draft, Published, Retired).");
        g.MapGet("/{code}/versions", Versions).WithSummary("The versions of one bundle, newest first, each with its definition.");
        g.MapPost("/{code}/drafts", SaveDraft).DisableAntiforgery()
            .WithSummary("Save a definition (the request body, JSON) as the bundle's draft: every (path, rule) problem is a 400. A new code creates a new bundle.");
        g.MapPost("/{code}/versions/{version:int}/publish", Publish)
            .WithSummary("Publish a draft: it becomes the version applicants apply for; the previous published version is retired.");
    }

    private static async Task<Ok<IReadOnlyList<AdminBundleSummary>>> List(BundleAdministration admin, HttpContext http) =>
        TypedResults.Ok(await admin.ListAsync(http.RequestAborted));

    private static async Task<Results<Ok<IReadOnlyList<BundleVersionDetail>>, ProblemHttpResult>> Versions(string code, BundleAdministration admin, HttpContext http)
    {
        var versions = await admin.VersionsAsync(code, http.RequestAborted);
        return versions.Count == 0 ? Problems.NotFound($"No bundle {code}.") : TypedResults.Ok(versions);
    }

    private static async Task<Results<Created<BundleVersionDetail>, ProblemHttpResult, ValidationProblem>> SaveDraft(string code, BundleAdministration admin, HttpContext http)
    {
        string json;
        using (var reader = new StreamReader(http.Request.Body))
        {
            var buffer = new char[BundleAdministration.MaxDefinitionChars + 1];
            var read = await reader.ReadBlockAsync(buffer, http.RequestAborted);
            if (read > BundleAdministration.MaxDefinitionChars)
            {
                return Problems.Invalid("definition", $"at most {BundleAdministration.MaxDefinitionChars} characters");
            }

            json = new string(buffer, 0, read);
        }

        var (saved, refusal) = await admin.SaveDraftAsync(CurrentUser.From(http.User), code, json, http.RequestAborted);
        return refusal is not null
            ? ApplicationEndpoints.Fail<Created<BundleVersionDetail>>(refusal)
            : TypedResults.Created($"/api/admin/bundles/{code}/versions", saved!);
    }

    private static async Task<Results<Ok<BundleVersionDetail>, ProblemHttpResult, ValidationProblem>> Publish(string code, int version, BundleAdministration admin, HttpContext http)
    {
        var (published, refusal) = await admin.PublishAsync(CurrentUser.From(http.User), code, version, http.RequestAborted);
        return refusal is not null ? ApplicationEndpoints.Fail<Ok<BundleVersionDetail>>(refusal) : TypedResults.Ok(published!);
    }
}
