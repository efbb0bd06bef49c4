using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace OneCity.Sensing.Telemetry;

/// <summary>A point of a series as the readings API returns it (for raw readings count is 1 and min = max = avg).</summary>
internal sealed record SeriesPoint(DateTimeOffset At, double Avg, double Min, double Max, long Count);

/// <summary>
/// The time-series store: raw readings (unique per device and time, so a redelivered reading is stored once) and the
/// one-minute and one-hour roll-ups. It is written only by the pipeline's single writer, in batches, with prepared
/// statements and no ORM. Roll-ups are accumulated in memory and flushed every few seconds together with a
/// checkpoint (the highest reading id they include); on start-up readings after the checkpoint are rolled up again
/// from the raw table, so a crash never loses or double-counts a roll-up. SQLite keeps this store in its own file
/// (<c>telemetry.db</c> beside <c>onecity.db</c>) so ingestion never waits for the rest of the platform's writes.
/// </summary>
internal abstract class TelemetryStore : IAsyncDisposable
{
    public const string Minute = "sens_rollup_1m";
    public const string Hour = "sens_rollup_1h";

    public abstract Task InitialiseAsync(CancellationToken ct);

    /// <summary>Stores the readings in one transaction; <paramref name="inserted"/>[i] is false for a reading already stored.</summary>
    public abstract Task WriteAsync(IReadOnlyList<Reading> readings, bool[] inserted, CancellationToken ct);

    /// <summary>
    /// Rolls up every reading stored after the checkpoint into the one-minute and one-hour tables (one set-based
    /// statement each, adding to buckets that already exist) and moves the checkpoint, in one transaction.
    /// </summary>
    public abstract Task RollUpAsync(CancellationToken ct);

    /// <summary>Deletes one device's raw readings older than the cutoff (roll-ups stay).</summary>
    public abstract Task<int> DeleteRawBeforeAsync(int device, long cutoffMs, CancellationToken ct);

    public abstract Task<IReadOnlyList<SeriesPoint>> RawAsync(int device, long fromMs, long toMs, int limit, CancellationToken ct);

    public abstract Task<IReadOnlyList<SeriesPoint>> RollupAsync(int device, bool hourly, long fromMs, long toMs, int limit, CancellationToken ct);

    /// <summary>The newest reading of every device that has one (to resume rules and offline detection after a restart).</summary>
    public abstract Task<IReadOnlyDictionary<int, (long Ts, double Value)>> LatestAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    protected static SeriesPoint Point(long bucketStartMs, long n, double sum, double min, double max) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(bucketStartMs), n == 0 ? 0 : sum / n, min, max, n);
}

internal sealed class SqliteTelemetryStore(string path) : TelemetryStore
{
    private readonly string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    private SqliteConnection? writer;
    private SqliteCommand? insert;

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(connectionString);
        await c.OpenAsync(ct);
        await using var pragma = c.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
        await pragma.ExecuteNonQueryAsync(ct);
        return c;
    }

    public override async Task InitialiseAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        writer = await OpenAsync(ct);
        await Exec(writer, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS sens_readings (id INTEGER PRIMARY KEY, device INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS ix_sens_readings_device_ts ON sens_readings (device, ts);
            CREATE TABLE IF NOT EXISTS sens_rollup_1m (device INTEGER NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, total REAL NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, PRIMARY KEY (device, bucket)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS sens_rollup_1h (device INTEGER NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, total REAL NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, PRIMARY KEY (device, bucket)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS sens_store_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT OR IGNORE INTO sens_store_state (name, value) VALUES ('rollup_checkpoint', 0);
            """, ct);

        // Readings stored after the last roll-up (a crash in between) are rolled up now.
        await RollUpAsync(ct);

        insert = writer.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO sens_readings (device, ts, value) VALUES ($d, $t, $v)";
        insert.Parameters.Add("$d", SqliteType.Integer);
        insert.Parameters.Add("$t", SqliteType.Integer);
        insert.Parameters.Add("$v", SqliteType.Real);
        insert.Prepare();
    }

    private static async Task Exec(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public override Task WriteAsync(IReadOnlyList<Reading> readings, bool[] inserted, CancellationToken ct)
    {
        // Synchronous on purpose: SQLite has no asynchronous I/O, and the single writer owns its thread.
        using var tx = writer!.BeginTransaction();
        insert!.Transaction = tx;
        var d = insert.Parameters[0];
        var t = insert.Parameters[1];
        var v = insert.Parameters[2];
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            d.Value = r.DeviceId;
            t.Value = r.Timestamp;
            v.Value = r.Value;
            inserted[i] = insert.ExecuteNonQuery() == 1;
        }

        tx.Commit();
        return Task.CompletedTask;
    }

    public override async Task RollUpAsync(CancellationToken ct)
    {
        await using var tx = writer!.BeginTransaction();
        var lo = await Scalar(writer, tx, "SELECT value FROM sens_store_state WHERE name = 'rollup_checkpoint'", ct);
        var hi = await Scalar(writer, tx, "SELECT coalesce(max(id), 0) FROM sens_readings", ct);
        if (hi > lo)
        {
            foreach (var (table, width) in new[] { (Minute, 60_000L), (Hour, 3_600_000L) })
            {
                await using var cmd = writer.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = $"""
                    INSERT INTO {table} (device, bucket, n, total, lo, hi)
                    SELECT device, ts / {width}, count(*), sum(value), min(value), max(value) FROM sens_readings WHERE id > $lo AND id <= $hi GROUP BY device, ts / {width}
                    ON CONFLICT (device, bucket) DO UPDATE SET n = n + excluded.n, total = total + excluded.total, lo = min(lo, excluded.lo), hi = max(hi, excluded.hi);
                    """;
                cmd.Parameters.AddWithValue("$lo", lo);
                cmd.Parameters.AddWithValue("$hi", hi);
                await cmd.ExecuteNonQueryAsync(ct);
            }

            await using var checkpoint = writer.CreateCommand();
            checkpoint.Transaction = tx;
            checkpoint.CommandText = "UPDATE sens_store_state SET value = $hi WHERE name = 'rollup_checkpoint'";
            checkpoint.Parameters.AddWithValue("$hi", hi);
            await checkpoint.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task<long> Scalar(SqliteConnection c, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async Task<int> DeleteRawBeforeAsync(int device, long cutoffMs, CancellationToken ct)
    {
        await using var cmd = writer!.CreateCommand();
        cmd.CommandText = "DELETE FROM sens_readings WHERE device = $d AND ts < $t";
        cmd.Parameters.AddWithValue("$d", device);
        cmd.Parameters.AddWithValue("$t", cutoffMs);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public override async Task<IReadOnlyList<SeriesPoint>> RawAsync(int device, long fromMs, long toMs, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT ts, value FROM sens_readings WHERE device = $d AND ts >= $f AND ts < $t ORDER BY ts LIMIT $l";
        cmd.Parameters.AddWithValue("$d", device);
        cmd.Parameters.AddWithValue("$f", fromMs);
        cmd.Parameters.AddWithValue("$t", toMs);
        cmd.Parameters.AddWithValue("$l", limit);
        return await ReadPoints(cmd, raw: true, 0, ct);
    }

    public override async Task<IReadOnlyList<SeriesPoint>> RollupAsync(int device, bool hourly, long fromMs, long toMs, int limit, CancellationToken ct)
    {
        var width = hourly ? 3_600_000L : 60_000L;
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT bucket, n, total, lo, hi FROM {(hourly ? Hour : Minute)} WHERE device = $d AND bucket >= $f AND bucket < $t ORDER BY bucket LIMIT $l";
        cmd.Parameters.AddWithValue("$d", device);
        cmd.Parameters.AddWithValue("$f", fromMs / width);
        cmd.Parameters.AddWithValue("$t", (toMs + width - 1) / width);
        cmd.Parameters.AddWithValue("$l", limit);
        return await ReadPoints(cmd, raw: false, width, ct);
    }

    internal static async Task<IReadOnlyList<SeriesPoint>> ReadPoints(DbCommand cmd, bool raw, long width, CancellationToken ct)
    {
        var points = new List<SeriesPoint>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            points.Add(raw
                ? Point(r.GetInt64(0), 1, r.GetDouble(1), r.GetDouble(1), r.GetDouble(1))
                : Point(r.GetInt64(0) * width, r.GetInt64(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)));
        }

        return points;
    }

    public override async Task<IReadOnlyDictionary<int, (long Ts, double Value)>> LatestAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        // SQLite returns the row of the max() for the bare column.
        cmd.CommandText = "SELECT device, max(ts), value FROM sens_readings GROUP BY device";
        var latest = new Dictionary<int, (long, double)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            latest[r.GetInt32(0)] = (r.GetInt64(1), r.GetDouble(2));
        }

        return latest;
    }

    public override async ValueTask DisposeAsync()
    {
        if (insert is not null)
        {
            await insert.DisposeAsync();
        }

        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
    }
}

internal sealed class PostgresTelemetryStore(string connectionString) : TelemetryStore
{
    private readonly NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);

    public override async Task InitialiseAsync(CancellationToken ct)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await Exec(c, """
            CREATE TABLE IF NOT EXISTS sens_readings (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, device integer NOT NULL, ts bigint NOT NULL, value double precision NOT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS ix_sens_readings_device_ts ON sens_readings (device, ts);
            CREATE TABLE IF NOT EXISTS sens_rollup_1m (device integer NOT NULL, bucket bigint NOT NULL, n bigint NOT NULL, total double precision NOT NULL, lo double precision NOT NULL, hi double precision NOT NULL, PRIMARY KEY (device, bucket));
            CREATE TABLE IF NOT EXISTS sens_rollup_1h (device integer NOT NULL, bucket bigint NOT NULL, n bigint NOT NULL, total double precision NOT NULL, lo double precision NOT NULL, hi double precision NOT NULL, PRIMARY KEY (device, bucket));
            CREATE TABLE IF NOT EXISTS sens_store_state (name text PRIMARY KEY, value bigint NOT NULL);
            INSERT INTO sens_store_state (name, value) VALUES ('rollup_checkpoint', 0) ON CONFLICT DO NOTHING;
            """, ct);
        await c.CloseAsync();
        await RollUpAsync(ct);
    }

    private static async Task Exec(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public override async Task WriteAsync(IReadOnlyList<Reading> readings, bool[] inserted, CancellationToken ct)
    {
        var n = readings.Count;
        var devices = new int[n];
        var times = new long[n];
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            (devices[i], times[i], values[i]) = (readings[i].DeviceId, readings[i].Timestamp, readings[i].Value);
        }

        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO sens_readings (device, ts, value) SELECT * FROM unnest(@d, @t, @v)
            ON CONFLICT (device, ts) DO NOTHING RETURNING device, ts
            """, c);
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("d", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = devices });
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("t", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = times });
        cmd.Parameters.Add(new NpgsqlParameter<double[]>("v", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = values });
        var stored = new HashSet<(int, long)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                stored.Add((r.GetInt32(0), r.GetInt64(1)));
            }
        }

        for (var i = 0; i < n; i++)
        {
            // A reading repeated inside one batch is stored once: only its first occurrence counts as inserted.
            inserted[i] = stored.Remove((devices[i], times[i]));
        }
    }

    public override async Task RollUpAsync(CancellationToken ct)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        long lo, hi;
        await using (var range = new NpgsqlCommand("SELECT (SELECT value FROM sens_store_state WHERE name = 'rollup_checkpoint'), coalesce((SELECT max(id) FROM sens_readings), 0)", c, tx))
        await using (var r = await range.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (lo, hi) = (r.GetInt64(0), r.GetInt64(1));
        }

        foreach (var (table, width) in new[] { (Minute, 60_000L), (Hour, 3_600_000L) })
        {
            await using var cmd = new NpgsqlCommand($"""
                INSERT INTO {table} (device, bucket, n, total, lo, hi)
                SELECT device, ts / {width}, count(*), sum(value), min(value), max(value) FROM sens_readings WHERE id > @lo AND id <= @hi GROUP BY device, ts / {width}
                ON CONFLICT (device, bucket) DO UPDATE SET n = {table}.n + excluded.n, total = {table}.total + excluded.total, lo = least({table}.lo, excluded.lo), hi = greatest({table}.hi, excluded.hi)
                """, c, tx);
            cmd.Parameters.AddWithValue("lo", lo);
            cmd.Parameters.AddWithValue("hi", hi);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using (var cp = new NpgsqlCommand("UPDATE sens_store_state SET value = @hi WHERE name = 'rollup_checkpoint'", c, tx))
        {
            cp.Parameters.AddWithValue("hi", hi);
            await cp.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public override async Task<int> DeleteRawBeforeAsync(int device, long cutoffMs, CancellationToken ct)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("DELETE FROM sens_readings WHERE device = @d AND ts < @t", c);
        cmd.Parameters.AddWithValue("d", device);
        cmd.Parameters.AddWithValue("t", cutoffMs);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public override async Task<IReadOnlyList<SeriesPoint>> RawAsync(int device, long fromMs, long toMs, int limit, CancellationToken ct)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT ts, value FROM sens_readings WHERE device = @d AND ts >= @f AND ts < @t ORDER BY ts LIMIT @l", c);
        cmd.Parameters.AddWithValue("d", device);
        cmd.Parameters.AddWithValue("f", fromMs);
        cmd.Parameters.AddWithValue("t", toMs);
        cmd.Parameters.AddWithValue("l", limit);
        return await SqliteTelemetryStore.ReadPoints(cmd, raw: true, 0, ct);
    }

    public override async Task<IReadOnlyList<SeriesPoint>> RollupAsync(int device, bool hourly, long fromMs, long toMs, int limit, CancellationToken ct)
    {
        var width = hourly ? 3_600_000L : 60_000L;
        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"SELECT bucket, n, total, lo, hi FROM {(hourly ? Hour : Minute)} WHERE device = @d AND bucket >= @f AND bucket < @t ORDER BY bucket LIMIT @l", c);
        cmd.Parameters.AddWithValue("d", device);
        cmd.Parameters.AddWithValue("f", fromMs / width);
        cmd.Parameters.AddWithValue("t", (toMs + width - 1) / width);
        cmd.Parameters.AddWithValue("l", limit);
        return await SqliteTelemetryStore.ReadPoints(cmd, raw: false, width, ct);
    }

    public override async Task<IReadOnlyDictionary<int, (long Ts, double Value)>> LatestAsync(CancellationToken ct)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT DISTINCT ON (device) device, ts, value FROM sens_readings ORDER BY device, ts DESC", c);
        var latest = new Dictionary<int, (long, double)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            latest[r.GetInt32(0)] = (r.GetInt64(1), r.GetDouble(2));
        }

        return latest;
    }

    public override ValueTask DisposeAsync() => source.DisposeAsync();
}
