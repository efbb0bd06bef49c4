using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OneCity.Sensing.Devices;

namespace OneCity.Sensing.Telemetry;

/// <summary>One accepted reading: the device's dense id, the reading's time in Unix milliseconds, and the value.</summary>
internal readonly record struct Reading(int DeviceId, long Timestamp, double Value);

/// <summary>Why a reading was turned away; counted per device.</summary>
internal static class RejectReason
{
    public const string Malformed = "malformed";
    public const string UnknownDevice = "unknown-device";
    public const string OutOfRange = "out-of-range";
    public const string Future = "future";
    public const string TooOld = "too-old";
}

/// <summary>A rejected reading: its position in the batch, the device as sent, the reason and a human-readable detail.</summary>
internal sealed record Rejection(int Index, string? DeviceId, string Reason, string Detail);

/// <summary>A parsed batch: readings that passed validation, and the ones that did not.</summary>
internal sealed class ParsedBatch
{
    public List<Reading> Accepted { get; } = [];

    public List<Rejection> Rejected { get; } = [];

    public int Total => Accepted.Count + Rejected.Count;
}

/// <summary>The whole body could not be read as readings (not JSON, not an array, too many readings).</summary>
internal sealed class TelemetryFormatException(string message) : Exception(message);

/// <summary>
/// Parses and validates readings straight from UTF-8 bytes (no intermediate objects): a JSON array of
/// <c>{"deviceId","ts","value"}</c>, NDJSON with one such object per line, or an MQTT payload (one object without
/// <c>deviceId</c>, or an array of them) whose device comes from the topic. <c>ts</c> is an ISO 8601 instant with an offset
/// or Unix milliseconds; without it the reading is stamped with the time it arrived.
/// </summary>
internal sealed class TelemetryParser(DeviceRegistry registry, TimeProvider clock)
{
    public const int MaxReadingsPerBatch = 10_000;

    /// <summary>Readings stamped later than this after the server's clock are rejected as coming from the future.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Readings older than this are rejected: they would fall outside raw retention at once.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    public ParsedBatch ParseArray(ReadOnlySpan<byte> json) => Parse(json, topicDevice: null, allowSingleObject: false);

    public ParsedBatch ParseMqtt(string deviceCode, ReadOnlySpan<byte> payload) => Parse(payload, deviceCode, allowSingleObject: true);

    public ParsedBatch ParseNdjson(ReadOnlySpan<byte> body)
    {
        var batch = new ParsedBatch();
        var ctx = new Context(registry.Current, clock.GetUtcNow());
        var index = 0;
        while (!body.IsEmpty)
        {
            var nl = body.IndexOf((byte)'\n');
            var line = nl < 0 ? body : body[..nl];
            body = nl < 0 ? [] : body[(nl + 1)..];
            line = line.Trim((byte)'\r').Trim((byte)' ');
            if (line.IsEmpty)
            {
                continue;
            }

            if (index >= MaxReadingsPerBatch)
            {
                throw new TelemetryFormatException($"At most {MaxReadingsPerBatch} readings per request.");
            }

            try
            {
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    batch.Rejected.Add(new Rejection(index, null, RejectReason.Malformed, "each line is one JSON object"));
                }
                else
                {
                    ReadObject(ref reader, index, null, ctx, batch);
                }
            }
            catch (JsonException e)
            {
                batch.Rejected.Add(new Rejection(index, null, RejectReason.Malformed, "not JSON: " + e.Message));
            }

            index++;
        }

        return batch;
    }

    private ParsedBatch Parse(ReadOnlySpan<byte> json, string? topicDevice, bool allowSingleObject)
    {
        var batch = new ParsedBatch();
        var ctx = new Context(registry.Current, clock.GetUtcNow());
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                throw new TelemetryFormatException("The body is empty; send a JSON array of readings.");
            }

            if (reader.TokenType == JsonTokenType.StartObject && allowSingleObject)
            {
                ReadObject(ref reader, 0, topicDevice, ctx, batch);
                return batch;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new TelemetryFormatException(allowSingleObject ? "The payload is a JSON object or an array of objects." : "The body is a JSON array of readings (or NDJSON with Content-Type application/x-ndjson).");
            }

            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (index >= MaxReadingsPerBatch)
                {
                    throw new TelemetryFormatException($"At most {MaxReadingsPerBatch} readings per request.");
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    batch.Rejected.Add(new Rejection(index++, topicDevice, RejectReason.Malformed, "each reading is a JSON object"));
                    continue;
                }

                ReadObject(ref reader, index++, topicDevice, ctx, batch);
            }
        }
        catch (JsonException e)
        {
            throw new TelemetryFormatException("Not valid JSON: " + e.Message);
        }

        return batch;
    }

    private readonly record struct Context(DeviceRegistry.Snapshot Devices, DateTimeOffset Now);

    private void ReadObject(ref Utf8JsonReader reader, int index, string? topicDevice, Context ctx, ParsedBatch batch)
    {
        string? device = topicDevice;
        string? problem = null;
        double? value = null;
        long? ts = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("deviceId"u8))
            {
                reader.Read();
                var sent = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (sent is null)
                {
                    problem ??= "deviceId is a string";
                }
                else if (topicDevice is not null && sent != topicDevice)
                {
                    problem ??= $"deviceId {sent} differs from the topic's {topicDevice}";
                }
                else
                {
                    device = sent;
                }
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var v) && double.IsFinite(v))
                {
                    value = v;
                }
                else
                {
                    problem ??= "value is a finite number";
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms > 0)
                {
                    ts = ms;
                }
                else if (reader.TokenType == JsonTokenType.String && TryParseInstant(ref reader, out var t))
                {
                    ts = t;
                }
                else
                {
                    problem ??= "ts is an ISO 8601 instant with an offset (e.g. 2026-07-25T12:30:00Z) or Unix milliseconds";
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (problem is null && device is null)
        {
            problem = "deviceId is required";
        }

        if (problem is null && value is null)
        {
            problem = "value is required";
        }

        if (problem is not null)
        {
            batch.Rejected.Add(new Rejection(index, device, RejectReason.Malformed, problem));
            return;
        }

        if (!ctx.Devices.ByCode.TryGetValue(device!, out var entry))
        {
            batch.Rejected.Add(new Rejection(index, device, RejectReason.UnknownDevice, $"no active device {device} is registered"));
            return;
        }

        var at = ts ?? ctx.Now.ToUnixTimeMilliseconds();
        if (at > (ctx.Now + FutureTolerance).ToUnixTimeMilliseconds())
        {
            batch.Rejected.Add(new Rejection(index, device, RejectReason.Future, $"ts {Iso(at)} is more than {FutureTolerance.TotalMinutes:0} minutes ahead of the server's clock {ctx.Now:O}"));
            return;
        }

        if (at < (ctx.Now - MaxAge).ToUnixTimeMilliseconds())
        {
            batch.Rejected.Add(new Rejection(index, device, RejectReason.TooOld, $"ts {Iso(at)} is older than the raw retention of {MaxAge.TotalDays:0} days"));
            return;
        }

        var v2 = value!.Value;
        if (v2 < entry.ValidMin || v2 > entry.ValidMax)
        {
            batch.Rejected.Add(new Rejection(index, device, RejectReason.OutOfRange, string.Create(CultureInfo.InvariantCulture, $"value {v2} is outside the device's valid range [{entry.ValidMin}, {entry.ValidMax}]")));
            return;
        }

        batch.Accepted.Add(new Reading(entry.Id, at, v2));
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O", CultureInfo.InvariantCulture);

    private static bool TryParseInstant(ref Utf8JsonReader reader, out long ms)
    {
        ms = 0;
        Span<byte> buffer = stackalloc byte[64];
        var span = reader.HasValueSequence || reader.ValueIsEscaped ? (reader.ValueSpan.Length <= 64 ? buffer[..reader.CopyString(buffer)] : []) : reader.ValueSpan;
        if (span.IsEmpty)
        {
            return false;
        }

        // Fast path: the common "yyyy-MM-ddTHH:mm:ss[.fff]Z" / "+08:00" forms.
        if (Utf8Parser.TryParse(span, out DateTimeOffset dto, out var consumed, 'O') && consumed == span.Length)
        {
            ms = dto.ToUnixTimeMilliseconds();
            return true;
        }

        var text = Encoding.UTF8.GetString(span);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && HasOffset(text))
        {
            ms = parsed.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');
}
