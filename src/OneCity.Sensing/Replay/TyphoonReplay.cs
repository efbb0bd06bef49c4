using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Audit;
using OneCity.Platform.Geography;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Alarms;
using OneCity.Sensing.Cap;
using OneCity.Sensing.Data;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Plans;
using OneCity.Sensing.Rules;
using OneCity.Sensing.Telemetry;
using OneCity.Sensing.VitalSigns;

namespace OneCity.Sensing.Replay;

/// <summary>What an administrator asks for: step length in minutes (5–60), speed (scenario seconds per wall second, 0 = as fast as possible), and optionally a narrower scenario window.</summary>
internal sealed record ReplayInput(int? StepMinutes = null, double? Speed = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Where a running replay is.</summary>
internal sealed record ReplayProgress(long RunId, DateTimeOffset ScenarioAt, DateTimeOffset PlatformAt, double Percent, double? CentreLatitude, double? CentreLongitude,
    double? DistanceKm, string? Grade, double? MaxWindMs, string? Warning, string? PlanLevel, int Alarms, int Incidents, int Tasks, int TasksDone);

internal sealed record ReplayRunView(long Id, string Scenario, string Status, int StepMinutes, double Speed, DateTimeOffset ScenarioFrom, DateTimeOffset ScenarioTo,
    DateTimeOffset? ScenarioAt, DateTimeOffset StartedAt, string StartedBy, DateTimeOffset? FinishedAt, string? Error, ReplayProgress? Progress, ReplayReport? Report);

/// <summary>
/// Replays typhoon In-Fa (烟花, 2021) over the city as an exercise (演练), at accelerated time: it moves the platform's
/// <see cref="ExerciseClock"/> forward one step at a time and, at every step,
/// <list type="number">
/// <item>feeds synthetic wind, rainfall and water-level readings of one gauge of each per district (labelled synthetic,
/// codes <c>SYN-WS|RF|WL-{district}</c>) through the telemetry pipeline (parse → validate → rules → store), so alarms,
/// forecasts and incidents arise as from real gauges;</item>
/// <item>plays the meteorological service: issues, raises, lowers and finally cancels a CAP 1.2 typhoon warning
/// (status Exercise) by the national signal criteria, ingested like any received alert — which proposes the typhoon
/// plan;</item>
/// <item>records the vital signs (which may propose plans too);</item>
/// <item>plays the commander (confirms proposals after 20 minutes, lowers the level when the warning is lowered,
/// deactivates after the all-clear once the tasks are done or six hours have passed) and the departments (check in a
/// ready task after 10–40 minutes, finish it after 30–115 % of its time allowed, so some are late).</item>
/// </list>
/// It ends with a <see cref="ReplayReport"/>. One replay runs at a time.
/// </summary>
internal sealed class ReplayRunner(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    TelemetryParser parser,
    TelemetryPipeline pipeline,
    AlarmProcessor alarms,
    VitalSignsMonitor vitals,
    DeviceRegistry registry,
    IHostApplicationLifetime lifetime,
    ILogger<ReplayRunner> log)
{
    public const string Scenario = "typhoon-infa-2021";
    public const string Source = "RSMC Tokyo best track of typhoon In-Fa (2106), JMA; synthetic gauges (SyntheticWeather)";
    public const string DevicePrefix = "SYN-";
    public static readonly DateTimeOffset DefaultFrom = new(2021, 7, 23, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset DefaultTo = new(2021, 7, 27, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan DecisionDelay = TimeSpan.FromMinutes(20);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DeviceType[] GaugeTypes = [DeviceType.WindSpeed, DeviceType.Rainfall, DeviceType.WaterLevel];
    private static readonly CurrentUser Commander = new("exercise:commander", "exercise:commander", "演练指挥长 Exercise commander", [Roles.Commander], "SH-YJ", AreaCodes.City, null);
    private static readonly CurrentUser WeatherService = new("exercise:SH-QX", "exercise:SH-QX", "上海中心气象台（演练）", [Roles.DepartmentReviewer], "SH-QX", AreaCodes.City, null);

    /// <summary>Landfalls as reported by the China Meteorological Administration (not in the JMA best track).</summary>
    private static readonly (DateTimeOffset At, string Zh, string En)[] Landfalls =
    [
        (new DateTimeOffset(2021, 7, 25, 4, 30, 0, TimeSpan.Zero), "台风“烟花”在浙江舟山普陀沿海登陆", "In-Fa makes landfall on the coast of Putuo, Zhoushan, Zhejiang"),
        (new DateTimeOffset(2021, 7, 26, 1, 50, 0, TimeSpan.Zero), "“烟花”在浙江嘉兴平湖沿海再次登陆", "In-Fa makes a second landfall on the coast of Pinghu, Jiaxing, Zhejiang"),
    ];

    private readonly IServiceScopeFactory scopes = scopes;
    private readonly TimeProvider clock = clock;
    private readonly TelemetryParser parser = parser;
    private readonly TelemetryPipeline pipeline = pipeline;
    private readonly AlarmProcessor alarms = alarms;
    private readonly VitalSignsMonitor vitals = vitals;
    private readonly DeviceRegistry registry = registry;
    private static readonly Task Starting = new TaskCompletionSource().Task;
    private readonly Lock gate = new();
    private Task? current;
    private ReplayProgress? progress;

    /// <summary>True when the platform runs on an <see cref="ExerciseClock"/>, which a replay needs.</summary>
    public bool Available => clock is ExerciseClock;

    public ReplayProgress? Progress => Volatile.Read(ref progress);

    /// <summary>The running replay's task, for the command and tests to await.</summary>
    public Task? Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    public async Task<Outcome<ReplayRunView>> StartAsync(CurrentUser actor, ReplayInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var step = input.StepMinutes ?? 10;
        if (step is < 5 or > 60)
        {
            errors.Add("stepMinutes", "between 5 and 60");
        }

        var speed = input.Speed ?? 600;
        if (double.IsNaN(speed) || speed < 0 || speed > 1_000_000)
        {
            errors.Add("speed", "0 (as fast as possible) or scenario seconds per second up to 1,000,000");
        }

        var track = TyphoonTrack.InFa();
        var from = input.From ?? DefaultFrom;
        var to = input.To ?? DefaultTo;
        if (from < track.Points[0].At || from > track.Points[^1].At)
        {
            errors.Add("from", "within the best track (2021-07-15T18:00Z to 2021-07-31T06:00Z)");
        }

        if (to <= from || to > track.Points[^1].At || to - from > TimeSpan.FromDays(10))
        {
            errors.Add("to", "after from, within the best track, at most 10 days later");
        }

        if (errors.Any)
        {
            return Outcome<ReplayRunView>.Invalid(errors);
        }

        if (clock is not ExerciseClock)
        {
            return Outcome<ReplayRunView>.Conflict("This instance runs on real time: replays need an exercise instance (Exercise:Enabled=true).");
        }

        ReplayRun run;
        lock (gate)
        {
            if (current is { IsCompleted: false })
            {
                return Outcome<ReplayRunView>.Conflict("A replay is already running; wait for its report.");
            }

            // Holds the slot while the run is recorded, so a second start in that moment is refused too.
            current = Starting;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
            run = new ReplayRun
            {
                Scenario = Scenario, StepMinutes = step, Speed = speed, ScenarioFrom = from, ScenarioTo = to,
                StartedAt = clock.GetUtcNow(), StartedBy = actor.UserName,
            };
            db.Add(run);
            await db.SaveChangesAsync(ct);
            await scope.ServiceProvider.GetRequiredService<AuditLedger>().AppendAsync(actor, new AuditRecord("sensing.replay-started", "replay-run",
                run.Id.ToString(CultureInfo.InvariantCulture), Purpose: "exercise",
                Details: string.Create(CultureInfo.InvariantCulture, $"{Scenario} {from:u} → {to:u}, {step}-minute steps, speed {speed}")), ct);
        }
        catch
        {
            lock (gate)
            {
                current = null;
            }

            throw;
        }

        var id = run.Id;
        lock (gate)
        {
            current = Task.Run(() => ExecuteAsync(id, track, from, to, TimeSpan.FromMinutes(step), speed, lifetime.ApplicationStopping), CancellationToken.None);
        }

        return Outcome<ReplayRunView>.Of(View(run, null));
    }

    public async Task<IReadOnlyList<ReplayRunView>> ListAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
        var runs = await db.Set<ReplayRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        return runs.Select(r => View(r, null)).ToList();
    }

    public async Task<ReplayRunView?> FindAsync(long id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
        var run = await db.Set<ReplayRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return run is null ? null : View(run, run.Report is null ? null : JsonSerializer.Deserialize<ReplayReport>(run.Report, Json));
    }

    private ReplayRunView View(ReplayRun r, ReplayReport? report) =>
        new(r.Id, r.Scenario, r.Status, r.StepMinutes, r.Speed, r.ScenarioFrom, r.ScenarioTo, r.ScenarioAt, r.StartedAt, r.StartedBy, r.FinishedAt, r.Error,
            r.Status == ReplayStatuses.Running && Progress is { } p && p.RunId == r.Id ? p : null, report);

    private async Task ExecuteAsync(long runId, TyphoonTrack track, DateTimeOffset from, DateTimeOffset to, TimeSpan step, double speed, CancellationToken ct)
    {
        string status;
        string? error = null;
        ReplayReport? report = null;
        try
        {
            report = await new Session(this, runId, track, from, to, step, speed).RunAsync(ct);
            status = ReplayStatuses.Finished;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            status = ReplayStatuses.Interrupted;
        }
        catch (Exception e)
        {
            log.LogError(e, "Replay {Run} failed.", runId);
            status = ReplayStatuses.Failed;
            error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
        var run = await db.Set<ReplayRun>().FirstAsync(r => r.Id == runId, CancellationToken.None);
        run.Status = status;
        run.Error = error;
        run.FinishedAt = clock.GetUtcNow();
        run.Report = report is null ? null : JsonSerializer.Serialize(report, Json);
        await db.SaveChangesAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<AuditLedger>().AppendAsync(Commander, new AuditRecord("sensing.replay-" + status, "replay-run",
            runId.ToString(CultureInfo.InvariantCulture), Purpose: "exercise", Details: error ?? (report is null ? null
                : $"{report.WarningSeverities.Count} warnings, {report.Activations} activations, {report.Incidents.Count} incidents, {report.TasksOnTime}/{report.Tasks.Count} tasks on time")), CancellationToken.None);
        Volatile.Write(ref progress, null);
    }

    /// <summary>One gauge site: a district's interior point with its three synthetic gauges.</summary>
    private sealed record Site(string District, double Latitude, double Longitude, string WindCode, string RainCode, string WaterCode);

    /// <summary>The state of one run.</summary>
    private sealed class Session(ReplayRunner owner, long runId, TyphoonTrack track, DateTimeOffset from, DateTimeOffset to, TimeSpan step, double speed)
    {
        private readonly ExerciseClock clock = (ExerciseClock)owner.clock;
        private readonly List<ReplayEvent> timeline = [];
        private readonly Dictionary<string, Queue<(DateTimeOffset At, double Mm)>> rain = new(StringComparer.Ordinal);
        private readonly Dictionary<long, DateTimeOffset> readySince = [];
        private readonly Dictionary<DeviceType, ReplayPeak> peaks = [];
        private readonly HashSet<string> firstAlarms = new(StringComparer.Ordinal);
        private readonly List<string> severities = [];
        private readonly HashSet<long> activations = [];
        private DateTimeOffset anchor;
        private List<Site> sites = [];
        private string? warning;
        private (string Identifier, DateTimeOffset Sent)? lastAlert;
        private int alertSeq;
        private DateTimeOffset? lowerSince;
        private DateTimeOffset? allClearAt;
        private string? grade;
        private long readings;
        private int alarmCount;
        private int incidentCount;
        private (double Km, DateTimeOffset At) closest = (double.MaxValue, default);
        private DateTimeOffset lastAlarmCheck;

        private DateTimeOffset Platform(DateTimeOffset s) => anchor + (s - from);

        public async Task<ReplayReport> RunAsync(CancellationToken ct)
        {
            var wallStart = TimeProvider.System.GetTimestamp();
            var now = clock.GetUtcNow();
            anchor = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
            lastAlarmCheck = anchor;
            sites = await PrepareGaugesAsync(ct);
            var gaugePoints = sites.Select(x => (x.Latitude, x.Longitude)).ToList();
            var total = (to - from).TotalMinutes;
            for (var s = from; s <= to; s += step)
            {
                ct.ThrowIfCancellationRequested();
                var stepStart = TimeProvider.System.GetTimestamp();
                clock.AdvanceTo(Platform(s));
                var centre = track.At(s);
                Track(s, centre);
                await FeedAsync(s, centre, ct);
                await owner.alarms.DrainAsync(ct);
                await using (var scope = owner.scopes.CreateAsyncScope())
                {
                    var sp = scope.ServiceProvider;
                    await NoteAlarmsAsync(sp, s, ct);
                    await WeatherServiceAsync(sp, s, TyphoonWarnings.SeverityAt(track, s, gaugePoints), ct);
                }

                foreach (var change in await owner.vitals.RecordAsync(ct))
                {
                    // The city's level changes into or out of warning and alarm (attention flickers with every tide).
                    if (change.AreaCode == AreaCodes.City && change.To != change.From && (change.To >= VitalLevel.Warning || change.From >= VitalLevel.Warning))
                    {
                        Add(s, ReplayEventKinds.VitalSign, $"城市体征 {change.Indicator}：{VitalSignsService.LevelName(change.From)} → {VitalSignsService.LevelName(change.To)}（{change.Value:0.##}）",
                            $"Vital sign {change.Indicator} (city): {VitalSignsService.LevelName(change.From)} → {VitalSignsService.LevelName(change.To)} ({change.Value:0.##})");
                    }
                }

                await using (var scope = owner.scopes.CreateAsyncScope())
                {
                    var plans = scope.ServiceProvider.GetRequiredService<EmergencyPlans>();
                    var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
                    var (level, running) = await CommanderAsync(plans, s, ct);
                    var (tasks, done) = await DepartmentsAsync(plans, db, running, ct);
                    var d = centre is null ? (double?)null : Math.Round(DistanceToCity(centre), 0);
                    Volatile.Write(ref owner.progress, new ReplayProgress(runId, s, clock.GetUtcNow(), Math.Round(100 * (s - from).TotalMinutes / total, 1),
                        centre?.Latitude, centre?.Longitude, d, centre?.Grade, peaks.GetValueOrDefault(DeviceType.WindSpeed)?.Value, warning, level, alarmCount, incidentCount, tasks, done));
                    if (s.Minute == 0 && s.Hour % 3 == 0)
                    {
                        await db.Set<ReplayRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.ScenarioAt, s), ct);
                    }
                }

                if (speed > 0)
                {
                    var wait = TimeSpan.FromSeconds(step.TotalSeconds / speed) - TimeProvider.System.GetElapsedTime(stepStart);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, ct);
                    }
                }
            }

            await FinishAsync(to, ct);
            return await ReportAsync(TimeProvider.System.GetElapsedTime(wallStart).TotalSeconds, ct);
        }

        private void Add(DateTimeOffset s, string kind, string zh, string en) => timeline.Add(new ReplayEvent(s, Platform(s), kind, zh, en));

        private static double DistanceToCity(TrackPoint c) => TyphoonTrack.DistanceKm(c.Latitude, c.Longitude, 31.2304, 121.4737);

        private void Track(DateTimeOffset s, TrackPoint? centre)
        {
            if (centre is null)
            {
                return;
            }

            var d = DistanceToCity(centre);
            if (d < closest.Km)
            {
                closest = (d, s);
            }

            if (centre.Grade != grade)
            {
                Add(s, ReplayEventKinds.Track, $"“烟花”强度 {centre.Grade}：中心 {centre.Latitude:0.0}°N {centre.Longitude:0.0}°E，距市中心 {d:0} 公里，最大风速 {centre.MaxWindMs:0} 米/秒",
                    $"In-Fa grade {centre.Grade}: centre {centre.Latitude:0.0}°N {centre.Longitude:0.0}°E, {d:0} km from the city centre, maximum wind {centre.MaxWindMs:0} m/s");
                grade = centre.Grade;
            }

            foreach (var (at, zh, en) in Landfalls)
            {
                if (at > s - step && at <= s)
                {
                    Add(s, ReplayEventKinds.Track, zh, en);
                }
            }
        }

        /// <summary>Registers (or re-activates) the synthetic gauges: wind, rainfall and water level at each district's interior point.</summary>
        private async Task<List<Site>> PrepareGaugesAsync(CancellationToken ct)
        {
            await using var scope = owner.scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<SensingDbContext>();
            var areas = sp.GetRequiredService<AreaLocator>();
            var existing = await db.Set<Device>().Where(d => d.Code.StartsWith(DevicePrefix)).ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, ct);
            var now = clock.GetUtcNow();
            var districts = areas.NamedAreas().Where(a => a.Level == AreaLevel.District).OrderBy(a => a.Code, StringComparer.Ordinal).ToList();
            foreach (var district in districts)
            {
                if (areas.InteriorPoint(district.Code) is not { } p)
                {
                    continue;
                }

                foreach (var type in GaugeTypes)
                {
                    var info = DeviceTypes.Of(type);
                    var code = $"{DevicePrefix}{info.Prefix}-{district.Code}";
                    if (!existing.TryGetValue(code, out var device))
                    {
                        device = DeviceCatalogue.New(info, code, $"{district.Name}{info.NameZh}合成监测点（演练）", $"{district.NameEn} synthetic {info.NameEn.ToLowerInvariant()} gauge (exercise)",
                            p.Lon, p.Lat, district.Code, null, now, synthetic: true);
                        db.Add(device);
                    }

                    device.Active = true;
                    device.PeriodSeconds = (int)step.TotalSeconds;
                    device.UpdatedAt = now;
                }
            }

            await db.SaveChangesAsync(ct);
            await sp.GetRequiredService<DeviceCatalogue>().ReloadAsync(ct);
            var snapshot = owner.registry.Current;
            return districts.Where(d => snapshot.ByCode.ContainsKey($"{DevicePrefix}WS-{d.Code}")).Select(d =>
            {
                var w = snapshot.ByCode[$"{DevicePrefix}WS-{d.Code}"];
                var r = snapshot.ByCode[$"{DevicePrefix}RF-{d.Code}"];
                var l = snapshot.ByCode[$"{DevicePrefix}WL-{d.Code}"];
                return new Site(d.Code, w.Latitude, w.Longitude, w.Code, r.Code, l.Code);
            }).ToList();
        }

        /// <summary>One step's readings, sent as a gateway would send them: a JSON array parsed and validated by the telemetry parser.</summary>
        private async Task FeedAsync(DateTimeOffset s, TrackPoint? centre, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            await using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartArray();
                foreach (var site in sites)
                {
                    var wind = SyntheticWeather.WindMs(centre, site.Latitude, site.Longitude);
                    var mm = SyntheticWeather.RainfallMmPerHour(centre, site.Latitude, site.Longitude, SyntheticWeather.BandFactor(site.RainCode));
                    if (!rain.TryGetValue(site.District, out var history))
                    {
                        rain[site.District] = history = new Queue<(DateTimeOffset, double)>();
                    }

                    history.Enqueue((s, mm));
                    while (history.Peek().At <= s - TimeSpan.FromHours(12))
                    {
                        history.Dequeue();
                    }

                    var last12h = history.Sum(h => h.Mm * step.TotalHours);
                    var water = SyntheticWeather.WaterLevelM(s, wind, last12h);
                    Write(w, site.WindCode, now, wind);
                    Write(w, site.RainCode, now, mm);
                    Write(w, site.WaterCode, now, water);
                    Peak(DeviceType.WindSpeed, site.WindCode, site.District, wind, s);
                    Peak(DeviceType.Rainfall, site.RainCode, site.District, mm, s);
                    Peak(DeviceType.WaterLevel, site.WaterCode, site.District, water, s);
                }

                w.WriteEndArray();
            }

            var batch = owner.parser.ParseArray(buffer.WrittenSpan);
            if (batch.Rejected.Count > 0)
            {
                throw new InvalidOperationException($"The telemetry parser refused a synthetic reading: {batch.Rejected[0].Reason} {batch.Rejected[0].Detail}");
            }

            await owner.pipeline.SubmitAsync(batch.Accepted, ct);
            readings += batch.Accepted.Count;

            static void Write(Utf8JsonWriter w, string code, DateTimeOffset at, double value)
            {
                w.WriteStartObject();
                w.WriteString("deviceId", code);
                w.WriteNumber("ts", at.ToUnixTimeMilliseconds());
                w.WriteNumber("value", value);
                w.WriteEndObject();
            }
        }

        private void Peak(DeviceType type, string code, string district, double value, DateTimeOffset s)
        {
            if (!peaks.TryGetValue(type, out var p) || value > p.Value)
            {
                peaks[type] = new ReplayPeak(DeviceTypes.Of(type).Slug, DeviceTypes.Of(type).Unit, value, code, district, s);
            }
        }

        /// <summary>Counts the step's alarms and incidents, and puts the first of each kind per gauge type on the timeline.</summary>
        private async Task NoteAlarmsAsync(IServiceProvider sp, DateTimeOffset s, CancellationToken ct)
        {
            var db = sp.GetRequiredService<SensingDbContext>();
            var since = lastAlarmCheck;
            lastAlarmCheck = clock.GetUtcNow();
            var raised = await db.Set<Alarm>().AsNoTracking()
                .Where(a => a.Synthetic && a.DeviceCode.StartsWith(DevicePrefix) && a.RaisedAt >= since)
                .OrderBy(a => a.Id).ToListAsync(ct);
            foreach (var a in raised)
            {
                alarmCount++;
                if (a.IncidentNumber is not null)
                {
                    incidentCount++;
                }

                var type = owner.registry.Current.Find(a.DeviceId)?.Type;
                var key = $"{type}:{a.Kind}:{a.Severity}";
                if (type is { } t && firstAlarms.Add(key) && a.Kind is RuleKind.Threshold or RuleKind.Forecast)
                {
                    var info = DeviceTypes.Of(t);
                    var kind = a.Kind == RuleKind.Forecast ? ReplayEventKinds.Forecast : ReplayEventKinds.Alarm;
                    var what = a.Kind == RuleKind.Forecast ? ("首个预测预警", "First forecast warning") : a.Severity == Severity.Alarm ? ("首个告警", "First alarm") : ("首个预警", "First warning");
                    Add(s, kind, $"{what.Item1}（{info.NameZh}）：{a.DeviceCode} {a.Message}" + (a.IncidentNumber is null ? "" : $"；立案 {a.IncidentNumber}"),
                        string.Create(CultureInfo.InvariantCulture, $"{what.Item2} ({info.NameEn.ToLowerInvariant()}): {a.DeviceCode} at {a.Value:0.##} {info.Unit}")
                        + (a.ExpectedAt is { } e ? $", crossing expected in {(e - a.ObservedAt).TotalMinutes:0} min" : "")
                        + (a.IncidentNumber is null ? "" : $"; incident {a.IncidentNumber} filed"));
                }
            }
        }

        /// <summary>The meteorological service: issues, raises, lowers (after 3 hours below) and cancels its CAP warning.</summary>
        private async Task WeatherServiceAsync(IServiceProvider sp, DateTimeOffset s, string? wanted, CancellationToken ct)
        {
            if (wanted == warning)
            {
                lowerSince = null;
                return;
            }

            if (TyphoonWarnings.Rank(wanted) < TyphoonWarnings.Rank(warning))
            {
                lowerSince ??= s;
                if (s - lowerSince < TimeSpan.FromHours(3))
                {
                    return;
                }
            }

            lowerSince = null;
            var previous = warning;
            warning = wanted;
            var now = clock.GetUtcNow();
            var identifier = string.Create(CultureInfo.InvariantCulture, $"SHQX-EXERCISE-{runId}-{++alertSeq}");
            var references = lastAlert is { } l ? $"{WeatherSender},{l.Identifier},{CapWriter.Time(l.Sent)}" : null;
            var msgType = wanted is null ? "Cancel" : previous is null ? "Alert" : "Update";
            var alert = new OutgoingAlert(identifier, WeatherSender, now, "Exercise", msgType, "OneCity typhoon replay", "演练 Exercise: a synthetic warning replaying typhoon In-Fa (2021)", references,
                wanted is null ? [Info("zh-CN", "Minor", cancel: true), Info("en-US", "Minor", cancel: true)] : [Info("zh-CN", wanted, false), Info("en-US", wanted, false)]);
            var result = await sp.GetRequiredService<CapIngest>().IngestAsync(WeatherService, CapWriter.Write(alert), ct);
            if (result.Outcome != CapIngestOutcome.Created)
            {
                throw new InvalidOperationException("The replay's CAP warning was refused: " + string.Join("; ", result.Errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? []));
            }

            lastAlert = (identifier, now);
            if (wanted is null)
            {
                allClearAt = s;
                Add(s, ReplayEventKinds.Warning, $"上海中心气象台解除台风预警（CAP Cancel {identifier}）", $"The meteorological service cancels the typhoon warning (CAP Cancel {identifier})");
                return;
            }

            severities.Add(wanted);
            allClearAt = null;
            var rising = TyphoonWarnings.Rank(wanted) > TyphoonWarnings.Rank(previous);
            Add(s, ReplayEventKinds.Warning,
                $"上海中心气象台{(previous is null ? "发布" : rising ? "升级为" : "降级为")}台风{TyphoonWarnings.ColourZh(wanted)}预警（CAP {msgType} {wanted}）",
                previous is null
                    ? $"The meteorological service issues a {TyphoonWarnings.ColourEn(wanted)} typhoon warning (CAP {msgType}, {wanted})"
                    : $"The meteorological service {(rising ? "raises" : "lowers")} the typhoon warning to {TyphoonWarnings.ColourEn(wanted)} (CAP {msgType}, {wanted})");

            OutgoingInfo Info(string language, string severity, bool cancel)
            {
                var zh = language.StartsWith("zh", StringComparison.Ordinal);
                var headline = cancel
                    ? zh ? "上海中心气象台解除台风预警信号（演练）" : "Shanghai Meteorological Service: typhoon warning lifted (exercise)"
                    : zh ? $"上海中心气象台发布台风{TyphoonWarnings.ColourZh(severity)}预警信号（演练）" : $"Shanghai Meteorological Service: {TyphoonWarnings.ColourEn(severity)} typhoon warning (exercise)";
                var description = cancel
                    ? zh ? "台风“烟花”已远离本市，解除台风预警信号。" : "Typhoon In-Fa has moved away from the city; the typhoon warning is lifted."
                    : zh ? $"受台风“烟花”影响，本市将出现大风和强降水，请做好防御。" : "Typhoon In-Fa will bring gales and heavy rain to the city; take precautions.";
                return new OutgoingInfo(language, "Met", zh ? "台风" : "Typhoon", cancel ? "AllClear" : "Prepare",
                    cancel ? "Past" : severity is "Extreme" or "Severe" ? "Immediate" : "Expected", severity, cancel ? "Observed" : "Likely",
                    now, null, now.AddHours(24), zh ? "上海中心气象台（演练）" : "Shanghai Meteorological Service (exercise)", headline, description, null, null,
                    [new OutgoingArea(zh ? "上海市" : "Shanghai", [], [("GB/T 2260", AreaCodes.City)])]);
            }
        }

        private const string WeatherSender = "sh-qx.exercise@onecity";

        /// <summary>The commander: confirms pending proposals after the decision delay, follows a lowered warning down, deactivates after the all-clear.</summary>
        private async Task<(string? TyphoonLevel, IReadOnlySet<long> Running)> CommanderAsync(EmergencyPlans plans, DateTimeOffset s, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            foreach (var p in await plans.ProposalsAsync(ProposalStatuses.Pending, ct))
            {
                if (p.CreatedAt + DecisionDelay > now)
                {
                    continue;
                }

                var confirmed = await plans.ConfirmAsync(Commander, p.Id, new DecisionInput(null, "演练：指挥长确认 Exercise: confirmed by the commander"), ct);
                if (confirmed.Value is { } a)
                {
                    var started = activations.Add(a.Activation.Id);
                    Add(s, started ? ReplayEventKinds.Activation : ReplayEventKinds.Level,
                        $"指挥长确认{p.PlanNameZh}{(started ? "启动" : "提级")}：{ResponseLevels.NameZh(ResponseLevels.Parse(a.Activation.Level)!.Value)}（提议来源 {p.Source}：{p.Reference}）",
                        $"The commander confirms {p.PlanNameEn}{(started ? "" : " raised")} at {ResponseLevels.NameEn(ResponseLevels.Parse(a.Activation.Level)!.Value)} (proposed by {p.Source}: {p.Reference})");
                }
                else
                {
                    await plans.DismissAsync(Commander, p.Id, new DecisionInput(null, "演练：无需提级 Exercise: would not raise the response"), ct);
                }
            }

            var running = (await plans.ActivationsAsync(activeOnly: true, ct)).Where(a => activations.Contains(a.Id)).ToList();
            var typhoon = running.FirstOrDefault(a => a.PlanType == "typhoon");
            if (typhoon is not null && warning is not null && ResponseLevels.Parse(typhoon.Level) is { } level
                && SeverityLevel(warning) > level)
            {
                var lowered = await plans.ChangeLevelAsync(Commander, typhoon.Id, new LevelInput(ResponseLevels.Roman(SeverityLevel(warning)), "演练：随预警降级 Exercise: following the lowered warning"), ct);
                if (lowered.Ok)
                {
                    Add(s, ReplayEventKinds.Level, $"指挥长将防台响应降为{ResponseLevels.NameZh(SeverityLevel(warning))}", $"The commander lowers the typhoon response to {ResponseLevels.NameEn(SeverityLevel(warning))}");
                }
            }

            if (allClearAt is { } clear)
            {
                foreach (var a in running.ToList())
                {
                    if (OpenTasks(a) == 0 || s - clear >= TimeSpan.FromHours(6))
                    {
                        await DeactivateAsync(plans, a, s, ct);
                        running.Remove(a);
                    }
                }
            }

            return (typhoon?.Level, running.Select(a => a.Id).ToHashSet());
        }

        private static int OpenTasks(ActivationView a) => a.TasksByStatus.Where(kv => kv.Key != TaskStatuses.Done).Sum(kv => kv.Value);

        private async Task DeactivateAsync(EmergencyPlans plans, ActivationView a, DateTimeOffset s, CancellationToken ct)
        {
            var open = OpenTasks(a);
            var ended = await plans.DeactivateAsync(Commander, a.Id, new NoteInput("演练：威胁解除 Exercise: threat over"), ct);
            if (ended.Ok)
            {
                Add(s, ReplayEventKinds.Deactivation, $"指挥长终止{a.PlanNameZh}（未完成任务 {open} 项）", $"The commander deactivates {a.PlanNameEn} ({open} tasks not done)");
            }
        }

        private static int SeverityLevel(string severity) => 4 - TyphoonWarnings.Rank(severity);

        /// <summary>The departments: check a ready task in after 10–40 minutes, report it done after 30–115 % of its time allowed.</summary>
        private async Task<(int Tasks, int Done)> DepartmentsAsync(EmergencyPlans plans, SensingDbContext db, IReadOnlySet<long> running, CancellationToken ct)
        {
            if (activations.Count == 0)
            {
                return (0, 0);
            }

            var now = clock.GetUtcNow();
            var ids = activations.ToList();
            var tasks = await db.Set<PlanActivationTask>().AsNoTracking().Where(t => ids.Contains(t.ActivationId)).ToListAsync(ct);
            foreach (var t in tasks.Where(t => running.Contains(t.ActivationId)))
            {
                var actor = new CurrentUser($"exercise:{t.DepartmentCode}", $"exercise:{t.DepartmentCode}", $"演练·{t.DepartmentCode}", [Roles.DepartmentReviewer], t.DepartmentCode, AreaCodes.City, null);
                if (t.Status == TaskStatuses.Ready)
                {
                    var since = readySince.TryGetValue(t.Id, out var r) ? r : readySince[t.Id] = now;
                    if (now >= since + TimeSpan.FromMinutes(10 + (30 * Unit(t.Id, 1))))
                    {
                        await plans.CheckInAsync(actor, t.Id, new NoteInput("演练：已接收 Exercise: taken on"), ct);
                    }
                }
                else if (t.Status == TaskStatuses.CheckedIn && t.CheckedInAt is { } checkedIn)
                {
                    var finish = t.CreatedAt + ((t.DueAt - t.CreatedAt) * (0.3 + (0.85 * Unit(t.Id, 2))));
                    if (now >= finish && now >= checkedIn + TimeSpan.FromMinutes(10))
                    {
                        await plans.ReportStatusAsync(actor, t.Id, new StatusInput(TaskStatuses.Done, "演练：已完成 Exercise: done"), ct);
                    }
                }
            }

            return (tasks.Count, tasks.Count(t => t.Status == TaskStatuses.Done));
        }

        /// <summary>A stable number in [0, 1) from a task id.</summary>
        private static double Unit(long id, int salt)
        {
            var x = unchecked((ulong)id * 0x9E3779B97F4A7C15UL + ((ulong)salt * 0xBF58476D1CE4E5B9UL));
            x ^= x >> 31;
            x = unchecked(x * 0x94D049BB133111EBUL);
            x ^= x >> 29;
            return (x % 10_000) / 10_000.0;
        }

        /// <summary>The exercise ends: the warning is cancelled if still in force, activations end, the synthetic gauges are retired (so they do not go offline).</summary>
        private async Task FinishAsync(DateTimeOffset s, CancellationToken ct)
        {
            await using var scope = owner.scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            if (warning is not null)
            {
                lowerSince = s - TimeSpan.FromHours(3);
                await WeatherServiceAsync(sp, s, null, ct);
            }

            var plans = sp.GetRequiredService<EmergencyPlans>();
            var db = sp.GetRequiredService<SensingDbContext>();
            foreach (var a in (await plans.ActivationsAsync(activeOnly: true, ct)).Where(a => activations.Contains(a.Id)))
            {
                await DeactivateAsync(plans, a, s, ct);
            }

            await db.Set<Device>().Where(d => d.Code.StartsWith(DevicePrefix)).ExecuteUpdateAsync(u => u.SetProperty(d => d.Active, false), ct);
            await sp.GetRequiredService<DeviceCatalogue>().ReloadAsync(ct);
        }

        private async Task<ReplayReport> ReportAsync(double wallSeconds, CancellationToken ct)
        {
            await using var scope = owner.scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SensingDbContext>();
            var end = clock.GetUtcNow();
            var types = sites.SelectMany(x => new[] { (x.WindCode, DeviceType.WindSpeed), (x.RainCode, DeviceType.Rainfall), (x.WaterCode, DeviceType.WaterLevel) })
                .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
            var raised = await db.Set<Alarm>().AsNoTracking().Where(a => a.Synthetic && a.DeviceCode.StartsWith(DevicePrefix) && a.RaisedAt >= anchor).ToListAsync(ct);
            var facts = raised.Where(a => types.ContainsKey(a.DeviceCode))
                .Select(a => new AlarmFact(a.DeviceCode, types[a.DeviceCode], a.Kind, a.Severity, a.ObservedAt)).ToList();
            var rules = await db.Set<SensingRule>().AsNoTracking().Where(r => r.Active && r.Kind == RuleKind.Forecast && r.DeviceCode == null).ToListAsync(ct);
            var forecasts = rules.Where(r => r.DeviceType is DeviceType.WaterLevel or DeviceType.Rainfall).OrderBy(r => r.DeviceType)
                .Select(r => ReplayReport.Score(r.DeviceType!.Value, r.HorizonMinutes ?? 60, step, facts)).ToList();

            var ids = activations.ToList();
            var tasks = await db.Set<PlanActivationTask>().AsNoTracking().Where(t => ids.Contains(t.ActivationId)).OrderBy(t => t.Id).ToListAsync(ct);
            var acts = await db.Set<PlanActivation>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            var levels = await db.Set<PlanLevelChange>().AsNoTracking().Where(c => ids.Contains(c.ActivationId)).Select(c => c.ToLevel).ToListAsync(ct);
            var vitalPeaks = (await db.Set<VitalSignReading>().AsNoTracking()
                    .Where(v => v.AreaCode == AreaCodes.City && v.At >= anchor && v.At <= end).ToListAsync(ct))
                .GroupBy(v => v.Indicator, StringComparer.Ordinal).Select(g => g.OrderByDescending(v => v.Value).ThenBy(v => v.At).First()).ToList();
            return new ReplayReport(Scenario, Source, from, to, (int)step.TotalMinutes, speed, anchor, end, Math.Round(wallSeconds, 1),
                Math.Round(closest.Km, 1), closest.At, sites.Count * GaugeTypes.Length, readings, severities,
                levels.Count == 0 ? null : ResponseLevels.Roman(levels.Min()), acts.Count,
                raised.Count, raised.Count(a => a.Kind == RuleKind.Forecast),
                raised.Where(a => a.IncidentNumber is not null).Select(a => a.IncidentNumber!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                raised.Where(a => a.Kind == RuleKind.Forecast && a.IncidentNumber is not null).Select(a => a.IncidentNumber).Distinct(StringComparer.Ordinal).Count(),
                tasks.Select(t => new ReplayTask(t.Id, t.ActivationId, acts[t.ActivationId].PlanCode, t.Key, t.DepartmentCode, t.TitleZh, t.TitleEn, ResponseLevels.Roman(t.Level),
                    t.CreatedAt, t.DueAt, t.CheckedInAt, t.DoneAt, t.DoneAt is { } d && d <= t.DueAt)).ToList(),
                tasks.Count(t => t.Status == TaskStatuses.Done), tasks.Count(t => t.DoneAt is { } d && d <= t.DueAt),
                forecasts,
                peaks.Values.OrderBy(p => p.DeviceType, StringComparer.Ordinal).ToList(),
                vitalPeaks.OrderBy(v => v.Indicator, StringComparer.Ordinal).Select(v => new VitalSignPeak(v.Indicator, v.Value, VitalSignsService.LevelName(v.Level), from + (v.At - anchor))).ToList(),
                timeline);
        }
    }
}
