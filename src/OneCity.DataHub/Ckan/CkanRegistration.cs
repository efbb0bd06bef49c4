using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Ckan;

internal static class CkanRegistration
{
    public static IServiceCollection AddCkan(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapCkanApi(this IEndpointRouteBuilder app) => app;

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
