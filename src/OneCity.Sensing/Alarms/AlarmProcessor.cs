using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.CityOps.Contracts;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Rules;

namespace OneCity.Sensing.Alarms;

/// <summary>Alarm events from the pipeline's writer, waiting to be recorded (unbounded: alarms are rare and never dropped).</summary>
internal sealed class AlarmQueue
{
    private readonly Channel<AlarmEvent> channel = Channel.CreateUnbounded<AlarmEvent>(new UnboundedChannelOptions { SingleReader = true });
    private long pending;

    public ChannelReader<AlarmEvent> Reader => channel.Reader;

    /// <summary>Events posted and not yet recorded.</summary>
    public long Pending => Interlocked.Read(ref pending);

    public void Post(AlarmEvent e)
    {
        Interlocked.Increment(ref pending);
        channel.Writer.TryWrite(e);
    }

    public void Done() => Interlocked.Decrement(ref pending);
}

/// <summary>
/// Records alarms raised and cleared, writes each to the audit ledger, and files an incident with CityOps (through its
/// public contract, with category, location and evidence) when the rule asks for one. CityOps' storm suppression
/// folds many alarms of one category in one subdistrict into one incident.
/// </summary>
internal sealed class AlarmProcessor(AlarmQueue queue, IServiceScopeFactory scopes, CityOpsAlarms cityOps, TimeProvider clock, ILogger<AlarmProcessor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var e in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RecordAsync(e, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Recording alarm of {Device} under rule {Rule} failed", e.Device.Code, e.Rule.Rule.Id);
            }
            finally
            {
                queue.Done();
            }
        }
    }

    /// <summary>Waits until every posted alarm event is recorded (tests and the replay use it).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (queue.Pending > 0)
        {
            await Task.Delay(10, ct);
        }
    }

    private async Task RecordAsync(AlarmEvent e, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
        var now = clock.GetUtcNow();
        if (!e.Raised)
        {
            var open = await db.Set<Alarm>().Where(a => a.DeviceId == e.Device.Id && a.RuleId == e.Rule.Rule.Id && a.ClearedAt == null).ToListAsync(ct);
            foreach (var a in open)
            {
                a.ClearedAt = now;
            }

            await db.SaveChangesAsync(ct);
            if (open.Count > 0)
            {
                await ledger.AppendAsync(CurrentUser.System, new AuditRecord("sensing.alarm-cleared", "device", e.Device.Code, Purpose: "city-operations",
                    Details: $"alarm {string.Join(",", open.Select(a => a.Id))}; {e.Message}"), ct);
            }

            return;
        }

        var alarm = new Alarm
        {
            DeviceId = e.Device.Id,
            DeviceCode = e.Device.Code,
            RuleId = e.Rule.Rule.Id,
            Kind = e.Rule.Rule.Kind,
            Severity = e.Rule.Rule.Severity,
            RaisedAt = now,
            ObservedAt = e.ObservedAt,
            Value = e.Value,
            Threshold = e.Threshold,
            ExpectedAt = e.ExpectedAt,
            Message = e.Message.Length > 500 ? e.Message[..500] : e.Message,
            Synthetic = e.Device.Synthetic,
        };
        db.Add(alarm);
        await db.SaveChangesAsync(ct);

        if (e.Rule.Rule.CreateIncident)
        {
            var info = DeviceTypes.Of(e.Device.Type);
            var evidence = string.Create(CultureInfo.InvariantCulture,
                    $"设备 {e.Device.Code}（{e.Device.NameZh}）于 {e.ObservedAt:yyyy-MM-dd HH:mm:ss}Z 读数 {e.Value:0.###} {info.Unit}；规则 #{e.Rule.Rule.Id} {e.Rule.Rule.NameZh}")
                + (e.Threshold is { } t ? string.Create(CultureInfo.InvariantCulture, $"；阈值 {t:0.###} {info.Unit}") : "")
                + (e.Device.Synthetic ? "；合成数据（演练）" : "");
            var prefix = e.Rule.Rule.Kind == RuleKind.Forecast ? "【预防性工单】" : "【物联感知告警】";
            try
            {
                var incident = await cityOps.RaiseAsync(new SensorAlarm(e.Device.Code, $"A{alarm.Id}", Camera: false, e.Rule.CategoryCode,
                    e.Device.Longitude, e.Device.Latitude, $"{prefix}{e.Message}", evidence), ct);
                alarm.IncidentNumber = incident.IncidentNumber;
                await db.SaveChangesAsync(ct);
            }
            catch (ArgumentException ex)
            {
                log.LogWarning(ex, "CityOps refused the alarm of {Device}", e.Device.Code);
            }
        }

        await ledger.AppendAsync(CurrentUser.System, new AuditRecord("sensing.alarm-raised", "device", e.Device.Code, Purpose: "city-operations",
            Details: $"alarm {alarm.Id}; rule {e.Rule.Rule.Id} ({e.Rule.Rule.Kind}, {e.Rule.Rule.Severity}); {alarm.Message}"
                + (alarm.IncidentNumber is null ? "" : $"; incident {alarm.IncidentNumber}")), ct);
    }
}
