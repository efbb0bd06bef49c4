namespace OneCity.Web.Hosting;

/// <summary>
/// API callers (/api, /open311) always get problem details as JSON, whatever their Accept header; browsers get a
/// friendly page in their language (re-executed at /error/{code}). Neither ever shows the exception.
/// </summary>
internal static class ErrorHandling
{
    public static bool IsApi(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/open311")
        || http.Request.Path.StartsWithSegments("/openapi") || http.Request.Path.StartsWithSegments("/health");

    public static WebApplication UseOneCityErrors(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteApiProblem, StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
            api.UseStatusCodePages(ctx => WriteApiProblem(ctx.HttpContext));
        });
        app.UseWhen(http => !IsApi(http), pages =>
        {
            pages.UseExceptionHandler("/error/500");
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        return app;
    }

    private static Task WriteApiProblem(HttpContext http)
    {
        var status = http.Response.StatusCode;
        // ProblemHttpResult writes JSON even when the problem details service would refuse the Accept header.
        return TypedResults.Problem(
            statusCode: status,
            detail: status == StatusCodes.Status500InternalServerError ? "An unexpected error occurred; it has been logged." : null,
            extensions: new Dictionary<string, object?> { ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier })
            .ExecuteAsync(http);
    }
}
