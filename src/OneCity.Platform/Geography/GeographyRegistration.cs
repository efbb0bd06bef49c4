using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;

namespace OneCity.Platform.Geography;

internal static class GeographyRegistration
{
    public static IServiceCollection AddGeography(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapGeographyApi(this IEndpointRouteBuilder app) => app;

    /// <summary>Imports the demo city's districts, subdistricts, neighbourhoods and grids, once.</summary>
    public static Task LoadDemoAsync(PlatformDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Builds the in-memory spatial index from the database; called at every start.</summary>
    public static Task WarmUpAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
