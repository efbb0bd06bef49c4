using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.OpenData;

internal static class OpenDataRegistration
{
    public static IServiceCollection AddOpenData(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapOpenDataApi(this IEndpointRouteBuilder app) => app;

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
