using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.GovServices.Applications;
using OneCity.GovServices.BundleAdmin;
using OneCity.GovServices.Catalogue;
using OneCity.GovServices.Data;
using OneCity.GovServices.Review;
using OneCity.GovServices.Ratings;
using OneCity.GovServices.Metrics;
using OneCity.GovServices.Offers;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;

namespace OneCity.GovServices;

/// <summary>The GovServices module's composition root: its database, services, API endpoints and start-up.</summary>
public static class GovServicesModule
{
    public static IServiceCollection AddGovServices(this IServiceCollection services, IConfiguration configuration)
    {
        var db = DatabaseOptions.From(configuration);
        services.AddModuleDbContext<GovServicesDbContext, SqliteGovServicesDbContext, PostgresGovServicesDbContext>(db, GovServicesDbContext.HistoryTable);
        services.AddScoped<IModuleStartup, GovServicesStartup>();
        services.AddSingleton<GovCatalogue>();
        services.AddScoped<RegistryFacts>();
        services.AddScoped<ApplicationService>();
        services.AddSingleton<SubmissionWriter>();
        services.AddScoped<ApplicationQueries>();
        services.AddScoped<StepActions>();
        services.AddScoped<Uploads>();
        services.AddScoped<StepReview>();
        services.AddScoped<RatingService>();
        services.AddScoped<Rectifications>();
        services.AddScoped<ServiceStats>();
        services.AddOffers(configuration);
        services.AddScoped<BundleAdministration>();
        services.AddSingleton(sp => new Contracts.GovServicesStatistics(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<OneCity.Platform.Calendar.WorkingCalendar>()));
        return services;
    }

    public static IEndpointRouteBuilder MapGovServicesApi(this IEndpointRouteBuilder app)
    {
        app.MapCatalogueEndpoints();
        app.MapApplicationEndpoints();
        app.MapReviewEndpoints();
        app.MapRatingEndpoints();
        app.MapOfferEndpoints();
        app.MapBundleMetricsEndpoints();
        app.MapBundleAdminEndpoints();
        return app;
    }
}

/// <summary>Migrates GovServices' database and loads the catalogue files (always: the catalogue is reference data).</summary>
internal sealed class GovServicesStartup(GovServicesDbContext db, GovCatalogue catalogue, TimeProvider clock) : IModuleStartup
{
    public async Task RunAsync(bool loadDemo, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        await CatalogueLoader.LoadAsync(db, clock, ct);
        await catalogue.ReloadAsync(ct);
    }
}
