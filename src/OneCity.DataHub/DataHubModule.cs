using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Ckan;
using OneCity.DataHub.Data;
using OneCity.DataHub.OpenData;
using OneCity.DataHub.Sharing;
using OneCity.DataHub.Tracker;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;

namespace OneCity.DataHub;

/// <summary>The DataHub module's composition root: its database, services, API endpoints and start-up.</summary>
public static class DataHubModule
{
    public static IServiceCollection AddDataHub(this IServiceCollection services, IConfiguration configuration)
    {
        var db = DatabaseOptions.From(configuration);
        services.AddModuleDbContext<DataHubDbContext, SqliteDataHubDbContext, PostgresDataHubDbContext>(db, DataHubDbContext.HistoryTable);
        services.AddScoped<IModuleStartup, DataHubStartup>();
        services.AddCatalogue(configuration);
        services.AddOpenData(configuration);
        services.AddCkan(configuration);
        services.AddSharing(configuration);
        services.AddTracker(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapDataHubApi(this IEndpointRouteBuilder app)
    {
        app.MapCatalogueApi();
        app.MapOpenDataApi();
        app.MapCkanApi();
        app.MapSharingApi();
        app.MapTrackerApi();
        return app;
    }
}

/// <summary>Migrates DataHub's database and loads its demo data (each loader is idempotent).</summary>
internal sealed class DataHubStartup(DataHubDbContext db, IServiceProvider services) : IModuleStartup
{
    public async Task RunAsync(bool loadDemo, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        await RecordValues.BackfillAsync(db, ct);
        if (!loadDemo)
        {
            return;
        }

        await CatalogueRegistration.LoadDemoAsync(db, services, ct);
        await SharingRegistration.LoadDemoAsync(db, services, ct);
        await OpenDataRegistration.LoadDemoAsync(db, services, ct);
        await CkanRegistration.LoadDemoAsync(db, services, ct);
        await TrackerRegistration.LoadDemoAsync(db, services, ct);
    }
}
