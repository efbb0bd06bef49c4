using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Cap;
using OneCity.Sensing.Data;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;
using OneCity.Sensing.Telemetry;

namespace OneCity.Sensing;

/// <summary>
/// The Sensing module (观·管·防, observe · manage · prevent): the device registry, telemetry ingestion over MQTT and
/// HTTP into one pipeline, alarm rules and forecasts, and alarms handed to CityOps as incidents.
/// </summary>
public static class SensingModule
{
    public static IServiceCollection AddSensing(this IServiceCollection services, IConfiguration configuration)
    {
        var db = DatabaseOptions.From(configuration);
        services.AddModuleDbContext<SensingDbContext, SqliteSensingDbContext, PostgresSensingDbContext>(db, SensingDbContext.HistoryTable);
        services.AddScoped<IModuleStartup, SensingStartup>();
        services.AddSingleton<TelemetryStore>(_ => db.Provider == DatabaseProvider.Postgres
            ? new PostgresTelemetryStore(db.ConnectionString)
            : new SqliteTelemetryStore(Path.Combine(Path.GetFullPath(configuration["Storage:DataDirectory"] ?? "data"), "telemetry.db")));
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<RuleEngine>();
        services.AddSingleton<AlarmQueue>();
        services.AddSingleton<RejectionCounter>();
        services.AddSingleton(sp => new TelemetryParser(sp.GetRequiredService<DeviceRegistry>(), sp.GetRequiredService<TimeProvider>())
        {
            MaxAge = TimeSpan.FromDays(configuration.GetValue("Sensing:RawRetentionDays", 7)),
        });
        services.AddSingleton<TelemetryPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryPipeline>());
        services.AddSingleton<AlarmProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmProcessor>());
        services.AddSingleton<MqttIngest>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttIngest>());
        services.AddHostedService<SensingJobs>();
        services.AddScoped<DeviceCatalogue>();
        services.AddScoped<DeviceAdministration>();
        services.AddScoped<DeviceQueries>();
        services.AddScoped<VitalSigns.VitalSignsService>();
        services.AddSingleton<VitalSigns.VitalSignsMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<VitalSigns.VitalSignsMonitor>());
        services.AddScoped<GatewayKeys>();
        services.AddSingleton<Replay.ReplayRunner>();
        services.AddCap(configuration);
        services.AddPlans();
        return services;
    }

    public static IEndpointRouteBuilder MapSensingApi(this IEndpointRouteBuilder app)
    {
        app.MapTelemetryEndpoints();
        VitalSigns.VitalSignEndpoints.MapVitalSignEndpoints(app);
        app.MapCapEndpoints();
        app.MapPlanEndpoints();
        Replay.ReplayEndpoints.MapReplayEndpoints(app);
        return app;
    }
}

/// <summary>Migrates Sensing's database, seeds the default rules, the demo devices and gateway key, and loads the registry.</summary>
internal sealed class SensingStartup(SensingDbContext db, DeviceCatalogue catalogue, GatewayKeys keys, RuleEngine engine) : IModuleStartup
{
    public async Task RunAsync(bool loadDemo, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        await catalogue.SeedRulesAsync(ct);
        if (loadDemo)
        {
            await catalogue.SeedDemoAsync(ct);
            await keys.SeedDemoAsync(ct);
        }

        await catalogue.ReloadAsync(ct);

        // Alarms still open stay de-duplicated after a restart: their rules do not fire again until they clear.
        foreach (var open in await db.Set<Alarm>().AsNoTracking().Where(a => a.ClearedAt == null).Select(a => new { a.DeviceId, a.RuleId }).ToListAsync(ct))
        {
            engine.Runtime(open.DeviceId).Open.Add(open.RuleId);
        }

        // A replay that was running when the instance stopped cannot resume: its in-memory state is gone.
        await db.Set<Replay.ReplayRun>().Where(r => r.Status == Replay.ReplayStatuses.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, Replay.ReplayStatuses.Interrupted), ct);
    }
}

/// <summary>
/// Periodic work: offline detection every 30 s, rejection counters every 5 s, raw-reading retention
/// (<c>Sensing:RawRetentionDays</c>, default 7) every hour.
/// </summary>
internal sealed class SensingJobs(TelemetryPipeline pipeline, RejectionCounter counter, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<SensingJobs> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = TimeSpan.FromDays(configuration.GetValue("Sensing:RawRetentionDays", 7));
        try
        {
            await pipeline.Ready.WaitAsync(stoppingToken);
            var lastRetention = DateTimeOffset.MinValue;
            var ticks = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
                try
                {
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        await counter.FlushAsync(scope.ServiceProvider.GetRequiredService<SensingDbContext>(), stoppingToken);
                    }

                    if (++ticks % 6 == 0)
                    {
                        var now = clock.GetUtcNow();
                        long? cutoff = null;
                        if (now - lastRetention >= TimeSpan.FromHours(1))
                        {
                            cutoff = (now - retention).ToUnixTimeMilliseconds();
                            lastRetention = now;
                        }

                        await pipeline.TickAsync(flushRollups: false, cutoff, stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "A sensing job failed; it runs again shortly.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
