using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Sharing;

internal static class SharingRegistration
{
    public static IServiceCollection AddSharing(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapSharingApi(this IEndpointRouteBuilder app) => app;

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
