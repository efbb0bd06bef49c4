using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Deadlines;

/// <summary>
/// The SLA engine. Every incident carries the instant of its next SLA step (<see cref="Incident.SlaNextAt"/>, indexed):
/// the warning at 80 % of the running phase's time, then supervision (督办) when it is overdue, escalating up the ladder
/// subdistrict → district → city every further half of the phase's time. A scan handles every step that has fallen due.
/// </summary>
internal sealed class SlaMonitor(CityOpsDbContext db, LoopEngine loop, AuditLedger ledger, TimeProvider clock)
{
    public const int Batch = 500;

    // One scan at a time per process (the job and an administrator's "scan now" may meet).
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Processes every due SLA step; returns how many incidents changed.</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            return await ScanOnceAsync(ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<int> ScanOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = 0;
        while (true)
        {
            var due = await db.Set<Incident>().Where(i => i.SlaNextAt != null && i.SlaNextAt <= now).OrderBy(i => i.SlaNextAt).Take(Batch).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            var records = new List<AuditRecord>();
            foreach (var i in due)
            {
                if (Step(i, now) is { } record)
                {
                    records.Add(record);
                }
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone acted on one of these incidents meanwhile; its schedule was re-armed by that action. Look again.
                db.ChangeTracker.Clear();
                continue;
            }

            db.ChangeTracker.Clear();
            changed += due.Count;
            await Task.WhenAll(records.Select(r => ledger.AppendAsync(CurrentUser.System, r, ct)));
            if (due.Count < Batch)
            {
                break;
            }
        }

        return changed;
    }

    private AuditRecord? Step(Incident i, DateTimeOffset now)
    {
        i.Version++;
        i.UpdatedAt = now;
        if (loop.Clock(i) is not { } c)
        {
            i.SlaNextAt = null;
            return null;
        }

        var phase = c.Phase switch { "dispatch" => "派遣", "handle" => "处置", _ => "结案" };
        if (i.SlaStage == 0)
        {
            i.SlaStage = 1;
            i.SlaNextAt = c.Due;
            loop.Note(i, "system", "warning", $"{phase}时限已过 80%，将于 {loop.Local(c.Due)} 到期", i.UnitCode, now);
            return new AuditRecord("cityops.sla-warning", "incident", i.Number, Purpose: "city-operations", Details: $"{c.Phase} due {c.Due:O}");
        }

        var ladder = loop.Ladder(i);
        var next = ladder.FirstOrDefault(l => l.Stage > i.SlaStage);
        if (next == default)
        {
            i.SlaNextAt = null;
            return null;
        }

        i.SlaStage = next.Stage;
        var span = c.Due - c.Start;
        var step = span > TimeSpan.Zero ? span / 2 : TimeSpan.FromHours(1);
        i.SlaNextAt = ladder.Any(l => l.Stage > next.Stage) ? now + step : null;
        var level = next.Level switch { AreaLevel.Subdistrict => "街道（镇）", AreaLevel.District => "区", _ => "市" };
        loop.Note(i, "system", "supervised", $"{phase}超时，{level}级督办：{loop.Router.UnitName(next.Supervisor).Zh}（{loop.Local(c.Due)} 到期）", next.Supervisor, now);
        return new AuditRecord("cityops.supervised", "incident", i.Number, Purpose: "city-operations", Details: $"{c.Phase} overdue since {c.Due:O}; supervisor {next.Supervisor}");
    }
}

/// <summary>Runs the SLA scan every <c>CityOps:SlaScanSeconds</c> (default 30) on the platform clock.</summary>
internal sealed class SlaJob(IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Configuration.IConfiguration configuration, ILogger<SlaJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(int.TryParse(configuration["CityOps:SlaScanSeconds"], out var s) && s > 0 ? s : 30);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(period, clock, stoppingToken);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<SlaMonitor>().ScanAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next scan retries: steps stay due until they are recorded.
                    logger.LogWarning(e, "The SLA scan failed.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
