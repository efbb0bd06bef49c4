using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OneCity.DataHub;

/// <summary>The DataHub module's composition root: its services and its API endpoints.</summary>
public static class DataHubModule
{
    public static IServiceCollection AddDataHub(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapDataHubApi(this IEndpointRouteBuilder app) => app;
}
