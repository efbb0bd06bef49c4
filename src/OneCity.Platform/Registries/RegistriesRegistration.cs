using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;

namespace OneCity.Platform.Registries;

internal static class RegistriesRegistration
{
    public static IServiceCollection AddRegistries(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapRegistriesApi(this IEndpointRouteBuilder app) => app;

    public static Task LoadDemoAsync(PlatformDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
