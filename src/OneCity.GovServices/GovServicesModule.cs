using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OneCity.GovServices;

/// <summary>The GovServices module's composition root: its services and its API endpoints.</summary>
public static class GovServicesModule
{
    public static IServiceCollection AddGovServices(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapGovServicesApi(this IEndpointRouteBuilder app) => app;
}
