using System.Diagnostics;
using System.Security.Claims;

namespace OneCity.Web.Hosting;

/// <summary>
/// One log event per request: method, route, status, elapsed time, and who (an opaque user id and roles, never a name).
/// The route template is logged rather than the path, so that ids in URLs (which may identify a person) stay out of the logs.
/// </summary>
internal static partial class RequestLogging
{
    public static IApplicationBuilder UseOneCityRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("OneCity.Requests");
        return app.Use(async (http, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(http);
            }
            finally
            {
                var status = http.Response.StatusCode;
                var level = status >= 500 ? LogLevel.Error : http.Request.Path.StartsWithSegments("/health") || IsAsset(http) ? LogLevel.Debug : LogLevel.Information;
                if (logger.IsEnabled(level))
                {
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                    var user = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
                    var roles = string.Join(',', http.User.FindAll(ClaimTypes.Role).Select(c => c.Value));
                    Log(logger, level, http.Request.Method, route ?? Truncate(http.Request.Path.Value), status, Math.Round(elapsed, 1), user ?? "-", roles, Activity.Current?.Id ?? http.TraceIdentifier);
                }
            }
        });
    }

    [LoggerMessage("HTTP {Method} {Route} → {StatusCode} in {ElapsedMs} ms (user {UserId} {Roles}, trace {TraceId})")]
    private static partial void Log(ILogger logger, LogLevel level, string method, string? route, int statusCode, double elapsedMs, string userId, string roles, string traceId);

    private static bool IsAsset(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/lib") || http.Request.Path.StartsWithSegments("/css") || http.Request.Path.StartsWithSegments("/favicon.ico");

    // Unmatched paths are caller-supplied; keep them short.
    private static string? Truncate(string? path) => path is { Length: > 80 } ? path[..80] + "…" : path;
}
