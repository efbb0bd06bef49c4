namespace OneCity.Web.Hosting;

/// <summary>
/// API callers (/api, /open311) always get problem details as JSON, whatever their Accept header; browsers get a
/// friendly page in their language (re-executed at /error/{code}). Neither ever shows the exception. The e-licence
/// verification address (/verify) serves both: JSON callers get problem details, browsers the page.
/// </summary>
internal static class ErrorHandling
{
    public static bool IsApi(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/open311")
        || http.Request.Path.StartsWithSegments("/openapi") || http.Request.Path.StartsWithSegments("/health")
        || (http.Request.Path.StartsWithSegments("/verify") && Verification.LicenceVerifier.WantsJson(http.Request));

    public static WebApplication UseOneCityErrors(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteApiProblem, StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                Platform.Calendar.CalendarYearMissingException => StatusCodes.Status422UnprocessableEntity,
                _ => StatusCodes.Status500InternalServerError,
            } });
            api.UseStatusCodePages(ctx => WriteApiProblem(ctx.HttpContext));
        });
        app.UseWhen(http => !IsApi(http), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error/500",
                StatusCodeSelector = ex => ex is Platform.Calendar.CalendarYearMissingException ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status500InternalServerError,
            });
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        return app;
    }

    private static Task WriteApiProblem(HttpContext http)
    {
        var status = http.Response.StatusCode;
        // A request the framework could not bind (a non-numeric number, malformed JSON) is the caller's error:
        // say which parameter and why, as every other validation problem does.
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad)
        {
            var json = bad.InnerException as System.Text.Json.JsonException;
            var field = json?.Path ?? ParameterName(bad.Message) ?? "request";
            var rule = json is null ? bad.Message : $"{bad.Message} {json.Message}";
            return TypedResults.Problem(
                statusCode: status, title: "The request is not valid.", detail: bad.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { [field] = [rule] },
                    ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier,
                }).ExecuteAsync(http);
        }

        // A deadline that falls in a year whose holiday notice is not loaded: say so, never guess (an administrator
        // uploads the year at /workbench/calendar).
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is Platform.Calendar.CalendarYearMissingException missing)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Calendar year missing",
                detail: $"A working-day deadline falls in {missing.Year}, whose holiday calendar is not loaded yet; an administrator must upload it.",
                extensions: new Dictionary<string, object?> { ["year"] = missing.Year, ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier })
                .ExecuteAsync(http);
        }

        // ProblemHttpResult writes JSON even when the problem details service would refuse the Accept header.
        return TypedResults.Problem(
            statusCode: status,
            detail: status == StatusCodes.Status500InternalServerError ? "An unexpected error occurred; it has been logged." : null,
            extensions: new Dictionary<string, object?> { ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier })
            .ExecuteAsync(http);
    }

    /// <summary>The parameter name in messages such as <c>Failed to bind parameter "int? page" from "x".</c></summary>
    private static string? ParameterName(string message)
    {
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        if (end <= start)
        {
            return null;
        }

        var declaration = message[(start + 1)..end];
        var space = declaration.LastIndexOf(' ');
        return space < 0 ? declaration : declaration[(space + 1)..];
    }
}
