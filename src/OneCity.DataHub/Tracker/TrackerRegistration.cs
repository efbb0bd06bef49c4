using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Tracker;

internal static class TrackerRegistration
{
    public static IServiceCollection AddTracker(this IServiceCollection services, IConfiguration configuration) =>
        services.AddScoped<ConsentService>().AddScoped<TrackerService>();

    public static IEndpointRouteBuilder MapTrackerApi(this IEndpointRouteBuilder app)
    {
        app.MapTrackerEndpoints();
        return app;
    }

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
