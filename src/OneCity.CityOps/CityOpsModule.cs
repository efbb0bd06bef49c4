using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OneCity.CityOps;

/// <summary>The CityOps module's composition root: its services and its API endpoints.</summary>
public static class CityOpsModule
{
    public static IServiceCollection AddCityOps(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapCityOpsApi(this IEndpointRouteBuilder app) => app;
}
