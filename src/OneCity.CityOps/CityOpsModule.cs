using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Classification;
using OneCity.CityOps.Data;
using OneCity.CityOps.Deadlines;
using OneCity.CityOps.Incidents;
using OneCity.CityOps.Location;
using OneCity.CityOps.Open311;
using OneCity.CityOps.Responsibility;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;

namespace OneCity.CityOps;

/// <summary>The CityOps module's composition root: its database, services, API endpoints and start-up.</summary>
public static class CityOpsModule
{
    public static IServiceCollection AddCityOps(this IServiceCollection services, IConfiguration configuration)
    {
        var db = DatabaseOptions.From(configuration);
        services.AddModuleDbContext<CityOpsDbContext, SqliteCityOpsDbContext, PostgresCityOpsDbContext>(db, CityOpsDbContext.HistoryTable);
        services.AddScoped<IModuleStartup, CityOpsStartup>();
        services.AddSingleton(_ => CategoryTree.Load());
        services.AddSingleton<ReportClassifier>();
        services.AddSingleton<ClassifierRetraining>();
        services.AddHostedService(sp => sp.GetRequiredService<ClassifierRetraining>());
        services.AddSingleton<Router>();
        services.AddSingleton<IncidentNumbers>();
        services.AddSingleton<IncidentLocator>();
        services.AddSingleton<Deadlines.Deadlines>();
        services.AddSingleton<LoopEngine>();
        services.AddSingleton<IntakeWriter>();
        services.AddScoped<IntakeService>();
        services.AddScoped<IncidentActions>();
        services.AddScoped<IncidentQueries>();
        services.AddScoped<SlaMonitor>();
        services.AddScoped<RuleAdministration>();
        services.AddScoped<Performance.KpiQueries>();
        services.AddScoped<Live.MapQueries>();
        services.AddScoped<History.Nyc311Importer>();
        services.AddSingleton<Live.IncidentFeed>();
        services.AddSignalR();
        services.AddHostedService<SlaJob>();
        services.AddOpen311();
        services.AddSingleton(sp => new Contracts.CityOpsAlarms(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton(sp => new Contracts.CityOpsStatistics(sp.GetRequiredService<IServiceScopeFactory>()));
        return services;
    }

    public static IEndpointRouteBuilder MapCityOpsApi(this IEndpointRouteBuilder app)
    {
        app.MapIncidentEndpoints();
        app.MapRuleEndpoints();
        Performance.KpiEndpoints.MapKpiEndpoints(app);
        Live.LiveEndpoints.MapLiveEndpoints(app);
        History.HistoryEndpoints.MapHistoryEndpoints(app);
        app.MapOpen311Endpoints();
        return app;
    }
}

/// <summary>Migrates CityOps' database, seeds the responsibility list once, loads the router and starts training the classifier.</summary>
internal sealed class CityOpsStartup(CityOpsDbContext db, RuleAdministration rules, IncidentNumbers numbers, ClassifierRetraining retraining, Open311Keys open311Keys) : IModuleStartup
{
    public async Task RunAsync(bool loadDemo, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        await rules.SeedAsync(ct);
        await rules.ReloadAsync(ct);
        if (loadDemo)
        {
            await open311Keys.SeedDemoAsync(ct);
        }

        numbers.Seed(await db.Set<Incident>().MaxAsync(i => (long?)i.Id, ct) ?? 0);

        // Off the start-up path: the first training, with the corrections dispatchers have made so far. Later corrections
        // retrain in the background (ClassifierRetraining).
        _ = Task.Run(() => retraining.TrainAsync(CancellationToken.None), CancellationToken.None);
    }
}
