using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.VitalSigns;

/// <summary>A vital sign moved from one level to another in an area.</summary>
internal sealed record VitalSignChange(string Indicator, string AreaCode, VitalLevel From, VitalLevel To, double Value, DateTimeOffset At);

/// <summary>
/// Records every vital sign of every district and of the city every <c>Sensing:VitalSignsSeconds</c> (default 60) for
/// the trend charts (kept <c>Sensing:VitalSignsRetentionDays</c>, default 90), and notes level changes: changes into
/// or out of warning and alarm are written to the audit ledger, and a rise into warning or alarm is offered to the
/// emergency plans' triggers.
/// </summary>
internal sealed class VitalSignsMonitor(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<VitalSignsMonitor> log) : BackgroundService
{
    private readonly Dictionary<(string Indicator, string Area), VitalLevel> levels = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private DateTimeOffset lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Sensing:VitalSignsSeconds", 60)));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(period, clock, stoppingToken);
                try
                {
                    await RecordAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Recording the vital signs failed; the next round retries.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Computes and stores every vital sign now; returns the level changes it found.</summary>
    public async Task<IReadOnlyList<VitalSignChange>> RecordAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<VitalSignsService>();
            var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
            var (at, all) = await service.ComputeAsync(ct);
            var changes = new List<VitalSignChange>();
            foreach (var def in VitalSignDefinitions.All)
            {
                foreach (var (area, value) in all[def.Code])
                {
                    if (value is not { } v)
                    {
                        continue;
                    }

                    var level = def.LevelOf(v);
                    db.Add(new VitalSignReading { Indicator = def.Code, AreaCode = area, At = at, Value = v, Level = level });
                    var before = levels.GetValueOrDefault((def.Code, area));
                    if (before != level)
                    {
                        changes.Add(new VitalSignChange(def.Code, area, before, level, v, at));
                        levels[(def.Code, area)] = level;
                    }
                }
            }

            await db.SaveChangesAsync(ct);

            // Trend history is kept for Sensing:VitalSignsRetentionDays (default 90); pruned once an hour.
            if (at - lastPrune >= TimeSpan.FromHours(1))
            {
                var cutoff = at.AddDays(-Math.Max(1, configuration.GetValue("Sensing:VitalSignsRetentionDays", 90)));
                await db.Set<VitalSignReading>().Where(r => r.At < cutoff).ExecuteDeleteAsync(ct);
                lastPrune = at;
            }
            var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
            foreach (var c in changes.Where(c => c.To >= VitalLevel.Warning || c.From >= VitalLevel.Warning))
            {
                await ledger.AppendAsync(CurrentUser.System, new AuditRecord("sensing.vital-sign-level", "vital-sign", $"{c.Indicator}@{c.AreaCode}", Purpose: "city-operations",
                    Details: string.Create(CultureInfo.InvariantCulture, $"{c.From} → {c.To} at {c.Value}")), ct);
            }

            // A vital sign rising into warning or alarm may propose an emergency plan (the commander confirms).
            var plans = scope.ServiceProvider.GetRequiredService<Plans.EmergencyPlans>();
            foreach (var c in changes.Where(c => c.To > c.From && c.To >= VitalLevel.Warning))
            {
                await plans.ProposeFromVitalSignAsync(c.Indicator, c.AreaCode, VitalSignsService.LevelName(c.To), c.Value, ct);
            }

            return changes;
        }
        finally
        {
            gate.Release();
        }
    }
}
