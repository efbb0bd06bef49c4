using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Registries.ELicences;

namespace OneCity.Platform.Registries;

internal static class RegistriesRegistration
{
    public static IServiceCollection AddRegistries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new ELicenceSigner(
            sp.GetRequiredService<PlatformPaths>().LoadOrCreateKey(configuration, "ELicences:SigningKey", "elicence-sm2.key", 32)));
        services.AddScoped<RegistryService>();
        services.AddScoped<RegistryAccess>();
        return services;
    }

    public static IEndpointRouteBuilder MapRegistriesApi(this IEndpointRouteBuilder app)
    {
        app.MapRegistriesEndpoints();
        return app;
    }

    public static Task LoadDemoAsync(PlatformDbContext db, IServiceProvider services, CancellationToken ct) =>
        DemoResidents.LoadAsync(db, services, ct);
}
