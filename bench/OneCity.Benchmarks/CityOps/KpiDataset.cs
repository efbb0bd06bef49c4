using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.CityOps.Performance;
using OneCity.CityOps.Responsibility;
using OneCity.Platform.Calendar;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;
using DeadlineRules = OneCity.CityOps.Deadlines.Deadlines;

namespace OneCity.Benchmarks.CityOps;

/// <summary>
/// A CityOps SQLite database with 1,000,000 incidents over the 365 days up to 28 November 2026, spread over every
/// subdistrict of the city, each with a simulated life in the loop (triage, refusal, merging, dispatch, bounces,
/// extensions, suspensions, handling, rework, verification, closure, evaluation) as of 28 November 2026 18:00, and the
/// KPI cells (<c>ops_kpi</c>) those lives produce, counted on the day of each step for the incident's subdistrict and
/// for the unit, with their month cells, exactly as <see cref="KpiWriter"/> would have counted them. The schema is the module's own migrations.
/// Generated once into <c>$TMPDIR/onecity-bench/kpi-1m.db</c> (or <c>ONECITY_BENCH_KPI_DB</c>) and reused while the
/// marker file next to it names the same generator version.
/// </summary>
internal static class KpiDataset
{
    public const int Count = 1_000_000;
    public const string Version = "kpi-1m v3";

    public static readonly DateOnly LastDay = new(2026, 11, 28);
    public static readonly DateOnly FirstDay = LastDay.AddDays(-364);

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 18, 0, 0, Shanghai);

    public static string DefaultPath => Environment.GetEnvironmentVariable("ONECITY_BENCH_KPI_DB") is { Length: > 0 } p
        ? p
        : Path.Combine(Path.GetTempPath(), "onecity-bench", "kpi-1m.db");

    public static string ConnectionString(string path) => $"Data Source={path}";

    /// <summary>The EF options the application would use for this database (the same provider setup and interceptor).</summary>
    public static DbContextOptions<SqliteCityOpsDbContext> Options(string path)
    {
        var builder = new DbContextOptionsBuilder<SqliteCityOpsDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = ConnectionString(path) }.Configure(builder, CityOpsDbContext.HistoryTable);
        if (Environment.GetEnvironmentVariable("ONECITY_BENCH_SQL") == "1")
        {
            builder.LogTo(Console.WriteLine, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);
        }
        return builder.Options;
    }

    /// <summary>The router as the application loads it: the demo responsibility list and department directory.</summary>
    public static Router LoadRouter(CategoryTree categories)
    {
        var router = new Router(categories);
        router.Load(Rules(), Departments());
        return router;
    }

    /// <summary>Creates the database unless a complete one of this version is there already; returns its path.</summary>
    public static async Task<string> EnsureAsync(string? path = null)
    {
        path ??= DefaultPath;
        var marker = path + ".ready";
        if (File.Exists(path) && File.Exists(marker) && (await File.ReadAllTextAsync(marker)).Trim() == Version)
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        foreach (var f in new[] { path, path + "-wal", path + "-shm", marker })
        {
            File.Delete(f);
        }

        var watch = Stopwatch.StartNew();
        await using (var db = new SqliteCityOpsDbContext(Options(path)))
        {
            await db.Database.MigrateAsync();
        }

        Console.WriteLine($"// {Version}: schema migrated in {watch.Elapsed.TotalSeconds:F1} s; generating {Count:N0} incidents into {path}");
        var generated = Generate();
        Console.WriteLine($"// simulated in {watch.Elapsed.TotalSeconds:F1} s: {generated.Cells.Count:N0} KPI cells");
        await WriteAsync(path, generated);
        await File.WriteAllTextAsync(marker, Version);
        Console.WriteLine($"// written in {watch.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1048576.0:F0} MB)");
        return path;
    }

    private sealed record Generated(List<Row> Incidents, Dictionary<(string Kind, string Code, int Day), int[]> Cells);

    /// <summary>One incident's columns (the rest are constant or null).</summary>
    private sealed class Row
    {
        public long Id;
        public required string Number;
        public required string Category;
        public int Priority;
        public IncidentStatus Status;
        public required string Description;
        public double Lon;
        public double Lat;
        public required string AreaCode;
        public required string District;
        public required string Subdistrict;
        public ReportChannel Channel;
        public bool InspectorFound;
        public string? Unit;
        public long? RuleId;
        public long? MergedInto;
        public int? Refusal;
        public DateTimeOffset ReportedAt;
        public DateTimeOffset? RegisteredAt;
        public DateTimeOffset? DispatchedAt;
        public DateTimeOffset? HandledAt;
        public DateTimeOffset? ClosedAt;
        public DateTimeOffset DispatchDueAt;
        public DateTimeOffset? HandleDueAt;
        public DateTimeOffset CloseDueAt;
        public bool? DispatchOnTime;
        public bool? HandleOnTime;
        public bool? CloseOnTime;
        public int Rework;
        public int Bounces;
        public int SlaStage;
        public DateTimeOffset? SlaNextAt;
        public DateTimeOffset? SuspendedAt;
        public int? Satisfaction;
        public DateTimeOffset UpdatedAt;
        public int Version;
    }

    private static readonly string[] Texts =
    [
        "路边堆放生活垃圾无人清运", "井盖缺失存在安全隐患", "路灯不亮影响夜间出行", "商铺占道经营", "工地夜间施工噪音扰民", "人行道破损",
        "违规张贴小广告", "机动车乱停放堵塞通道", "雨后路面积水", "行道树枝叶遮挡信号灯", "餐饮油烟扰民", "河道水面有漂浮垃圾",
    ];

    private static Generated Generate()
    {
        var categories = CategoryTree.Load();
        var router = LoadRouter(categories);
        var calendar = new WorkingCalendar(CalendarOptions.Default, TimeProvider.System);
        calendar.Load(HolidayCn.LoadEmbedded());
        var deadlines = new DeadlineRules(calendar);
        var subdistricts = CityOrganisation.ReadSubdistricts().Select(s => s.Code).Where(c => ShanghaiDistricts.Find(c[..6]) is not null).ToArray();
        var urban = categories.Leaves.Where(c => c.Kind != CategoryKind.Hotline).ToArray();
        var hotline = categories.All.Where(c => c.Kind == CategoryKind.Hotline && c.Level == 1).ToArray();
        var routes = new Dictionary<(string, string), RouteTarget?>();
        var random = new Random(20261128);
        var rows = new List<Row>(Count);
        var cells = new Dictionary<(string, string, int), int[]>(300_000);

        int Day(DateTimeOffset at)
        {
            var d = at.ToOffset(Shanghai);
            return (d.Year * 10000) + (d.Month * 100) + d.Day;
        }

        void Tally(string kind, string code, DateTimeOffset at, KpiDelta delta)
        {
            if (at > Now)
            {
                return;
            }

            var key = (kind, code, Day(at));
            if (!cells.TryGetValue(key, out var v))
            {
                cells[key] = v = new int[14];
            }

            v[0] += delta.Reported;
            v[1] += delta.InspectorFound;
            v[2] += delta.Dispatched;
            v[3] += delta.DispatchOnTime;
            v[4] += delta.Handled;
            v[5] += delta.HandleOnTime;
            v[6] += delta.Closed;
            v[7] += delta.CloseOnTime;
            v[8] += delta.Reworked;
            v[9] += delta.Bounced;
            v[10] += delta.Evaluated;
            v[11] += delta.SatisfactionSum;
            v[12] += delta.Extended;
            v[13] += delta.Suspended;
        }

        TimeSpan Minutes(double from, double to) => TimeSpan.FromMinutes(from + (random.NextDouble() * (to - from)));

        for (var n = 0; n < Count; n++)
        {
            // Where, what, when: every subdistrict alike; 60 % urban management categories, 40 % hotline topics.
            var sub = subdistricts[random.Next(subdistricts.Length)];
            Category category;
            RouteTarget? route;
            do
            {
                category = random.NextDouble() < 0.6 ? urban[random.Next(urban.Length)] : hotline[random.Next(hotline.Length)];
                if (!routes.TryGetValue((category.Code, sub), out route))
                {
                    routes[(category.Code, sub)] = route = router.Route(category.Code, sub[..6], sub).Target;
                }
            }
            while (route is null);

            var day = FirstDay.AddDays((int)((long)n * 365 / Count));
            var reported = new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), Shanghai) + Minutes(0, 15 * 60);
            if (reported > Now)
            {
                reported = Now - Minutes(1, 120);
            }

            var channel = random.NextDouble() switch { < 0.3 => ReportChannel.Inspector, < 0.65 => ReportChannel.Hotline, < 0.9 => ReportChannel.App, < 0.97 => ReportChannel.Open311, _ => ReportChannel.Sensor };
            var i = new Row
            {
                Id = n + 1,
                Number = string.Create(CultureInfo.InvariantCulture, $"SJ{day:yyyyMMdd}{n % 1_000_000:000000}"),
                Category = category.Code,
                Priority = (int)category.Priority,
                Description = Texts[random.Next(Texts.Length)],
                Lon = 121.1 + (random.NextDouble() * 0.8),
                Lat = 30.8 + (random.NextDouble() * 0.8),
                AreaCode = sub + (1 + random.Next(30)).ToString("000", CultureInfo.InvariantCulture),
                District = sub[..6],
                Subdistrict = sub,
                Channel = channel,
                InspectorFound = channel == ReportChannel.Inspector,
                ReportedAt = reported,
                DispatchDueAt = deadlines.Due(reported, category.Dispatch).Due,
                CloseDueAt = deadlines.Due(reported, category.Close).Due,
                UpdatedAt = reported,
                Version = 1,
            };
            rows.Add(i);
            Tally("a", sub, reported, new KpiDelta(Reported: 1, InspectorFound: i.InspectorFound ? 1 : 0));
            var events = new List<DateTimeOffset> { reported };

            // 6 % go to triage: 30 % of those are refused, 20 % merged into an earlier incident, the rest registered.
            var registered = reported;
            if (random.NextDouble() < 0.06)
            {
                registered = reported + Minutes(10, 240);
                var fate = random.NextDouble();
                if (fate < 0.5)
                {
                    if (registered <= Now)
                    {
                        i.Status = fate < 0.3 ? IncidentStatus.Refused : IncidentStatus.Merged;
                        i.Refusal = fate < 0.3 ? 1 + random.Next(3) : null;
                        i.MergedInto = fate < 0.3 ? null : Math.Max(1, i.Id - 1 - random.Next(50));
                        i.ClosedAt = fate < 0.3 ? registered : null;
                        i.RegisteredAt = fate < 0.3 ? null : registered;
                        i.UpdatedAt = registered;
                        i.Version = 2;
                    }
                    else
                    {
                        i.Status = IncidentStatus.Triage;
                    }

                    continue;
                }

                if (registered > Now)
                {
                    i.Status = IncidentStatus.Triage;
                    Arm(i, reported, i.DispatchDueAt, category.Dispatch);
                    continue;
                }
            }

            i.RegisteredAt = registered;
            events.Add(registered);

            // Dispatch (on time when within the dispatch limit), maybe a bounce and a re-dispatch to another unit.
            var dispatched = registered;
            var unit = route.UnitCode;
            var handleLimit = category.Handle;
            i.DispatchedAt = dispatched;
            i.DispatchOnTime = dispatched <= i.DispatchDueAt;
            i.Unit = unit;
            i.RuleId = route.RuleId;
            i.HandleDueAt = deadlines.Due(dispatched, handleLimit).Due;
            var onTime = i.DispatchOnTime.Value ? 1 : 0;
            Tally("a", sub, dispatched, new KpiDelta(Dispatched: 1, DispatchOnTime: onTime));
            Tally("u", unit, dispatched, new KpiDelta(Dispatched: 1, DispatchOnTime: onTime));
            var start = dispatched;
            if (random.NextDouble() < 0.03)
            {
                var bounced = dispatched + Minutes(60, 360);
                if (bounced > Now)
                {
                    Finish(i, IncidentStatus.Dispatched, events, start, i.HandleDueAt.Value, handleLimit);
                    continue;
                }

                i.Bounces = 1;
                Tally("u", unit, bounced, new KpiDelta(Bounced: 1));
                events.Add(bounced);
                var again = bounced + Minutes(10, 120);
                if (again > Now)
                {
                    i.Status = IncidentStatus.Bounced;
                    i.UpdatedAt = bounced;
                    i.Version = events.Count;
                    Arm(i, reported, i.DispatchDueAt, category.Dispatch);
                    continue;
                }

                unit = unit.EndsWith("-BSC", StringComparison.Ordinal) ? $"{sub[..6]}-CG" : $"{sub}-BSC";
                i.Unit = unit;
                i.RuleId = null;
                i.HandleDueAt = deadlines.Due(again, handleLimit).Due;
                Tally("u", unit, again, new KpiDelta(Dispatched: 1, DispatchOnTime: again <= i.DispatchDueAt ? 1 : 0));
                events.Add(again);
                start = again;
            }

            var accepted = start + Minutes(5, 180);
            if (accepted > Now)
            {
                Finish(i, IncidentStatus.Dispatched, events, start, i.HandleDueAt!.Value, handleLimit);
                continue;
            }

            events.Add(accepted);

            // Extension (4 %) or suspension (1 %) approved during handling, moving the deadlines.
            var extra = TimeSpan.Zero;
            if (random.NextDouble() is var r && r < 0.05)
            {
                var approved = accepted + Minutes(60, 600);
                if (approved <= Now && r < 0.04)
                {
                    var days = 1 + random.Next(3);
                    i.HandleDueAt = deadlines.Extend(i.HandleDueAt!.Value, new TimeLimit(days, LimitUnit.WorkingDays)).Due;
                    i.CloseDueAt = deadlines.Extend(i.CloseDueAt, new TimeLimit(days, LimitUnit.WorkingDays)).Due;
                    Tally("a", sub, approved, new KpiDelta(Extended: 1));
                    Tally("u", unit, approved, new KpiDelta(Extended: 1));
                    events.Add(approved);
                }
                else if (approved <= Now)
                {
                    Tally("a", sub, approved, new KpiDelta(Suspended: 1));
                    Tally("u", unit, approved, new KpiDelta(Suspended: 1));
                    events.Add(approved);
                    var resumed = approved + Minutes(240, 5 * 24 * 60);
                    if (resumed > Now)
                    {
                        i.Status = IncidentStatus.Handling;
                        i.SuspendedAt = approved;
                        i.UpdatedAt = approved;
                        i.Version = events.Count;
                        continue;
                    }

                    i.HandleDueAt = deadlines.Shift(i.HandleDueAt!.Value, handleLimit.Unit, approved, resumed).Due;
                    i.CloseDueAt = deadlines.Shift(i.CloseDueAt, category.Close.Unit, approved, resumed).Due;
                    events.Add(resumed);
                    extra = resumed - approved;
                }
            }

            // Handling: 85 % within the (moved) deadline; 0.2 % are never handled and stay overdue.
            var span = i.HandleDueAt!.Value - start;
            if (random.NextDouble() < 0.002)
            {
                Finish(i, IncidentStatus.Handling, events, start, i.HandleDueAt.Value, handleLimit);
                continue;
            }

            var handled = start + extra + (span * (random.NextDouble() < 0.85 ? 0.2 + (random.NextDouble() * 0.75) : 1.05 + (random.NextDouble() * 1.5)));
            if (handled < accepted)
            {
                handled = accepted + Minutes(10, 60);
            }

            if (handled > Now)
            {
                Finish(i, IncidentStatus.Handling, events, start, i.HandleDueAt.Value, handleLimit);
                continue;
            }

            i.HandledAt = handled;
            i.HandleOnTime = handled <= i.HandleDueAt;
            var handledOnTime = i.HandleOnTime.Value ? 1 : 0;
            Tally("a", sub, handled, new KpiDelta(Handled: 1, HandleOnTime: handledOnTime));
            Tally("u", unit, handled, new KpiDelta(Handled: 1, HandleOnTime: handledOnTime));
            events.Add(handled);

            // Verification: 5 % fail and are reworked.
            var verified = handled + Minutes(30, 24 * 60);
            if (verified > Now)
            {
                Finish(i, IncidentStatus.Handled, events, reported, i.CloseDueAt, category.Close);
                continue;
            }

            if (random.NextDouble() < 0.05)
            {
                i.Rework = 1;
                Tally("a", sub, verified, new KpiDelta(Reworked: 1));
                Tally("u", unit, verified, new KpiDelta(Reworked: 1));
                events.Add(verified);
                var handledAgain = verified + Minutes(120, 24 * 60);
                if (handledAgain > Now)
                {
                    i.HandledAt = null;
                    Finish(i, IncidentStatus.Handling, events, start, i.HandleDueAt.Value, handleLimit);
                    continue;
                }

                i.HandledAt = handledAgain;
                events.Add(handledAgain);
                verified = handledAgain + Minutes(30, 24 * 60);
                if (verified > Now)
                {
                    Finish(i, IncidentStatus.Handled, events, reported, i.CloseDueAt, category.Close);
                    continue;
                }
            }

            events.Add(verified);
            var closed = verified + Minutes(10, 360);
            if (closed > Now)
            {
                Finish(i, IncidentStatus.Verified, events, reported, i.CloseDueAt, category.Close);
                continue;
            }

            i.ClosedAt = closed;
            i.CloseOnTime = closed <= i.CloseDueAt;
            var closedOnTime = i.CloseOnTime.Value ? 1 : 0;
            Tally("a", sub, closed, new KpiDelta(Closed: 1, CloseOnTime: closedOnTime));
            Tally("u", unit, closed, new KpiDelta(Closed: 1, CloseOnTime: closedOnTime));
            events.Add(closed);

            // 40 % are evaluated within two days, mostly satisfied.
            if (random.NextDouble() < 0.4 && closed + Minutes(60, 48 * 60) is var evaluated && evaluated <= Now)
            {
                i.Satisfaction = random.NextDouble() switch { < 0.55 => 5, < 0.85 => 4, < 0.93 => 3, < 0.97 => 2, _ => 1 };
                Tally("a", sub, evaluated, new KpiDelta(Evaluated: 1, SatisfactionSum: i.Satisfaction.Value));
                Tally("u", unit, evaluated, new KpiDelta(Evaluated: 1, SatisfactionSum: i.Satisfaction.Value));
                events.Add(evaluated);
            }

            i.Status = IncidentStatus.Closed;
            i.UpdatedAt = events.Max();
            i.Version = events.Count;
        }

        return new Generated(rows, cells);

        // An open incident: its state, and where its SLA clock stands now (warning at 80 %, then supervision levels).
        void Finish(Row i, IncidentStatus status, List<DateTimeOffset> events, DateTimeOffset start, DateTimeOffset due, TimeLimit limit)
        {
            i.Status = status;
            i.UpdatedAt = events.Max();
            i.Version = events.Count;
            Arm(i, start, due, limit);
        }

        void Arm(Row i, DateTimeOffset start, DateTimeOffset due, TimeLimit limit)
        {
            var warning = deadlines.Share(start, due, limit, DeadlineRules.WarningShare);
            if (Now < warning)
            {
                i.SlaNextAt = warning;
                return;
            }

            if (Now < due)
            {
                (i.SlaStage, i.SlaNextAt) = (1, due);
                return;
            }

            var half = (due - start) / 2;
            var steps = half > TimeSpan.Zero ? (int)((Now - due) / half) : 0;
            i.SlaStage = Math.Min(4, 2 + steps);
            i.SlaNextAt = i.SlaStage < 4 ? due + (half * (steps + 1)) : null;
        }
    }

    private static async Task WriteAsync(string path, Generated data)
    {
        await using var connection = new SqliteConnection(ConnectionString(path));
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-512000; PRAGMA temp_store=MEMORY;");

        string[] columns =
        [
            "Id", "Number", "CategoryCode", "Priority", "Status", "Description", "Longitude", "Latitude", "AreaCode", "DistrictCode", "SubdistrictCode",
            "LocationNeeded", "LocationSource", "FirstChannel", "InspectorFound", "ClassificationConfidence", "UnitCode", "RuleId", "ReportCount",
            "MergedIntoId", "RefusalReason", "ReportedAt", "RegisteredAt", "DispatchedAt", "HandledAt", "ClosedAt", "DispatchDueAt", "HandleDueAt",
            "CloseDueAt", "DispatchOnTime", "HandleOnTime", "CloseOnTime", "ReworkCount", "BounceCount", "SlaStage", "SlaNextAt", "SuspendedAt",
            "Satisfaction", "UpdatedAt", "Version",
        ];
        const int Batch = 100_000;
        for (var start = 0; start < data.Incidents.Count; start += Batch)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO ops_incidents ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
            var p = columns.ToDictionary(c => c, c => insert.Parameters.Add(new SqliteParameter("$" + c, null)));
            insert.Prepare();
            foreach (var i in data.Incidents.Skip(start).Take(Batch))
            {
                p["Id"].Value = i.Id;
                p["Number"].Value = i.Number;
                p["CategoryCode"].Value = i.Category;
                p["Priority"].Value = i.Priority;
                p["Status"].Value = (int)i.Status;
                p["Description"].Value = i.Description;
                p["Longitude"].Value = i.Lon;
                p["Latitude"].Value = i.Lat;
                p["AreaCode"].Value = i.AreaCode;
                p["DistrictCode"].Value = i.District;
                p["SubdistrictCode"].Value = i.Subdistrict;
                p["LocationNeeded"].Value = 0;
                p["LocationSource"].Value = "coordinates";
                p["FirstChannel"].Value = (int)i.Channel;
                p["InspectorFound"].Value = i.InspectorFound ? 1 : 0;
                p["ClassificationConfidence"].Value = 0.9;
                p["UnitCode"].Value = (object?)i.Unit ?? DBNull.Value;
                p["RuleId"].Value = (object?)i.RuleId ?? DBNull.Value;
                p["ReportCount"].Value = i.Status == IncidentStatus.Merged ? 0 : 1;
                p["MergedIntoId"].Value = (object?)i.MergedInto ?? DBNull.Value;
                p["RefusalReason"].Value = (object?)i.Refusal ?? DBNull.Value;
                p["ReportedAt"].Value = i.ReportedAt.ToUnixTimeMilliseconds();
                p["RegisteredAt"].Value = Ms(i.RegisteredAt);
                p["DispatchedAt"].Value = Ms(i.DispatchedAt);
                p["HandledAt"].Value = Ms(i.HandledAt);
                p["ClosedAt"].Value = Ms(i.ClosedAt);
                p["DispatchDueAt"].Value = i.DispatchDueAt.ToUnixTimeMilliseconds();
                p["HandleDueAt"].Value = Ms(i.HandleDueAt);
                p["CloseDueAt"].Value = i.CloseDueAt.ToUnixTimeMilliseconds();
                p["DispatchOnTime"].Value = Bool(i.DispatchOnTime);
                p["HandleOnTime"].Value = Bool(i.HandleOnTime);
                p["CloseOnTime"].Value = Bool(i.CloseOnTime);
                p["ReworkCount"].Value = i.Rework;
                p["BounceCount"].Value = i.Bounces;
                p["SlaStage"].Value = i.SlaStage;
                p["SlaNextAt"].Value = Ms(i.SlaNextAt);
                p["SuspendedAt"].Value = Ms(i.SuspendedAt);
                p["Satisfaction"].Value = (object?)i.Satisfaction ?? DBNull.Value;
                p["UpdatedAt"].Value = i.UpdatedAt.ToUnixTimeMilliseconds();
                p["Version"].Value = i.Version;
                await insert.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        string[] kpi = ["Reported", "InspectorFound", "Dispatched", "DispatchOnTime", "Handled", "HandleOnTime", "Closed", "CloseOnTime", "Reworked", "Bounced", "Evaluated", "SatisfactionSum", "Extended", "Suspended"];
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO ops_kpi (\"Day\", \"Kind\", \"Code\", {string.Join(", ", kpi.Select(c => $"\"{c}\""))}) VALUES ($Day, $Kind, $Code, {string.Join(", ", kpi.Select(c => "$" + c))})";
            var dayP = insert.Parameters.Add(new SqliteParameter("$Day", null));
            var kindP = insert.Parameters.Add(new SqliteParameter("$Kind", null));
            var codeP = insert.Parameters.Add(new SqliteParameter("$Code", null));
            var values = kpi.Select(c => insert.Parameters.Add(new SqliteParameter("$" + c, null))).ToArray();
            insert.Prepare();
            // The day cells and the month cells (A, U; Day = yyyymm00) the writer keeps with them, in key order (Kind, Day, Code).
            var months = data.Cells.GroupBy(c => (Kind: c.Key.Kind.ToUpperInvariant(), c.Key.Code, Day: KpiWriter.MonthOf(c.Key.Day)))
                .Select(g => new KeyValuePair<(string Kind, string Code, int Day), int[]>(g.Key,
                    Enumerable.Range(0, kpi.Length).Select(k => g.Sum(c => c.Value[k])).ToArray()));
            foreach (var ((kind, code, day), v) in data.Cells.Concat(months)
                .OrderBy(c => c.Key.Kind, StringComparer.Ordinal).ThenBy(c => c.Key.Day).ThenBy(c => c.Key.Code, StringComparer.Ordinal))
            {
                dayP.Value = day;
                kindP.Value = kind;
                codeP.Value = code;
                for (var k = 0; k < values.Length; k++)
                {
                    values[k].Value = v[k];
                }

                await insert.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        // As the application leaves it: WAL mode, no statistics (the application never runs ANALYZE).
        await Exec(connection, "PRAGMA journal_mode=WAL;");
    }

    private static object Ms(DateTimeOffset? at) => at is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    private static object Bool(bool? b) => b is { } v ? (v ? 1 : 0) : DBNull.Value;

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static List<ResponsibilityRule> Rules()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(CategoryTree.ReadResource("rules.json"));
        var id = 0;
        return doc.RootElement.GetProperty("rules").EnumerateArray().Select(r => new ResponsibilityRule
        {
            Id = ++id,
            CategoryCode = r.GetProperty("category").GetString()!,
            AreaCode = r.GetProperty("area").GetString()!,
            UnitLevel = RuleAdministration.ParseLevel(r.GetProperty("level").GetString()) ?? AreaLevel.District,
            UnitLine = r.GetProperty("line").GetString(),
            CoUnitLines = r.TryGetProperty("co", out var co) ? string.Join(',', co.EnumerateArray().Select(x => x.GetString())) : null,
            UpdatedBy = "bench",
        }).ToList();
    }

    /// <summary>The demo department directory: city departments, district counterparts, subdistrict (town) offices.</summary>
    private static Dictionary<string, BilingualName> Departments()
    {
        var all = new Dictionary<string, BilingualName>(StringComparer.Ordinal);
        foreach (var line in DepartmentLines.All)
        {
            all[$"SH-{line.Code}"] = new BilingualName($"SH-{line.Code}", line.CityNameZh, line.CityNameEn);
            if (line.HasDistrictCounterpart)
            {
                foreach (var d in ShanghaiDistricts.All)
                {
                    all[$"{d.Code}-{line.Code}"] = new BilingualName($"{d.Code}-{line.Code}", d.NameZh + line.DistrictSuffixZh, $"{d.NameEn} {line.DistrictNameEn}");
                }
            }
        }

        foreach (var (code, name, _) in CityOrganisation.ReadSubdistricts())
        {
            all[$"{code}-{DepartmentLines.SubdistrictOffice}"] = new BilingualName($"{code}-BSC", name + "办事处", $"Subdistrict office {code}");
        }

        return all;
    }
}
