using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Catalogue;

internal static class CatalogueRegistration
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app) => app;

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
