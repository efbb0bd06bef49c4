using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Contracts;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Sharing;

internal static class SharingRegistration
{
    public static IServiceCollection AddSharing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GrantCache>();
        services.AddSingleton<GrantRateLimiter>();
        services.AddScoped<SharingService>();
        services.AddScoped<DataAccess>();
        services.AddScoped<ClientRegistry>();
        services.AddSingleton(sp => new DataHubClient(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddDataApiOAuth(configuration);
        services.AddFailedCallRecording();
        return services;
    }

    public static IEndpointRouteBuilder MapSharingApi(this IEndpointRouteBuilder app)
    {
        app.MapSharingEndpoints();
        return app;
    }

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) =>
        SharingDemo.LoadAsync(db, services, ct);
}
