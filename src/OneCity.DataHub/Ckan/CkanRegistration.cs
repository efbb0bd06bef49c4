using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Ckan.Dcat;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Ckan;

/// <summary>
/// The interfaces existing open-data tools use unchanged: CKAN's action API at <c>/api/3/action/</c> and the DCAT-AP
/// catalogue at <c>/catalog</c>, both served from an in-memory snapshot of the published datasets (<see cref="CkanIndex"/>).
/// </summary>
internal static class CkanRegistration
{
    public static IServiceCollection AddCkan(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("DataHub:Ckan");
        services.AddSingleton(new CkanOptions(
            TimeSpan.FromSeconds(section.GetValue("FreshnessSeconds", 5.0)),
            TimeSpan.FromMinutes(section.GetValue("RebuildMinutes", 5.0))));
        services.AddSingleton<CkanIndex>();
        return services;
    }

    public static IEndpointRouteBuilder MapCkanApi(this IEndpointRouteBuilder app)
    {
        app.MapCkanActions();
        app.MapDcat();
        return app;
    }

    /// <summary>Loads this capability's demo data, idempotently.</summary>
    /// <remarks>Nothing of its own: it serves the catalogue's published datasets.</remarks>
    public static Task LoadDemoAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
