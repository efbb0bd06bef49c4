using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.GovServices.Applications;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Review;

/// <summary>What department handlers read besides the application itself: the applicant's uploaded files.</summary>
internal static class ReviewEndpoints
{
    public static void MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/govservices/steps/{stepId:long}/files/{fileId:long}", Download)
            .RequireAuthorization(p => p.RequireRole(StepActions.Handlers)).WithTags("GovServices: departments")
            .WithSummary("Download a file attached to the application of one of my department's steps (written to the audit ledger). 404 for anything else.");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(long stepId, long fileId, StepReview review, HttpContext http)
    {
        var file = await review.FileAsync(CurrentUser.From(http.User), stepId, fileId, http.RequestAborted);
        if (file is null)
        {
            return Problems.NotFound($"No file {fileId} of step {stepId} in your department's queue.");
        }

        // The stored type was sniffed from the content at upload; the browser must not guess another, nor cache personal data.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }
}
