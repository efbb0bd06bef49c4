using Microsoft.Extensions.Logging.Console;

namespace OneCity.Web.Hosting;

/// <summary>
/// Console logs are one line per event, readable by people (<c>Logging:Format=simple</c>, the default) or one JSON
/// object per line for a log shipper (<c>Logging:Format=json</c>, e.g. <c>--Logging:Format=json</c> or
/// <c>Logging__Format=json</c>). Timestamps are UTC.
/// </summary>
internal static class LoggingSetup
{
    public static bool Json(IConfiguration configuration) =>
        string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase);

    public static void AddOneCityLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (Json(builder.Configuration))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.IncludeScopes = false;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.ColorBehavior = LoggerColorBehavior.Default;
            });
        }
    }
}
