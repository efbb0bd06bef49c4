using System.Text;
using Microsoft.Extensions.Time.Testing;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Telemetry;
using static OneCity.Sensing.Tests.TestDevices;

namespace OneCity.Sensing.Tests.Telemetry;

/// <summary>Parsing and validation of readings: formats, timestamps, and every reason a reading is turned away.</summary>
public sealed class TelemetryParserTests
{
    private static TelemetryParser Parser(out FakeTimeProvider clock)
    {
        clock = new FakeTimeProvider(T0.AddHours(1));
        var registry = new DeviceRegistry();
        var device = DeviceCatalogue.New(DeviceTypes.Of(DeviceType.WaterLevel), "WL-1", "测试", null, 121.47, 31.23, "310101", null, T0);
        device.Id = 1;
        registry.Load([device], []);
        return new TelemetryParser(registry, clock);
    }

    [Fact]
    public void AJsonArrayIsReadWithIsoAndUnixTimestamps()
    {
        var parser = Parser(out _);
        var batch = parser.ParseArray("""[{"deviceId":"WL-1","ts":"2026-07-25T00:30:00Z","value":1.5},{"deviceId":"WL-1","ts":1784939400000,"value":2},{"value":3.25,"deviceId":"WL-1","ts":"2026-07-25T08:31:00+08:00","extra":{"a":[1,2]}}]"""u8);
        Assert.Empty(batch.Rejected);
        Assert.Equal([1.5, 2, 3.25], batch.Accepted.Select(r => r.Value));
        Assert.Equal(T0.AddMinutes(30).ToUnixTimeMilliseconds(), batch.Accepted[0].Timestamp);
        Assert.Equal(T0.AddMinutes(31).ToUnixTimeMilliseconds(), batch.Accepted[2].Timestamp);
    }

    [Fact]
    public void EachBadReadingIsRejectedWithItsReasonAndTheRestAccepted()
    {
        var parser = Parser(out var clock);
        var future = clock.GetUtcNow().AddMinutes(10).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var batch = parser.ParseArray(Encoding.UTF8.GetBytes($$"""
            [{"deviceId":"WL-1","value":1},
             {"deviceId":"NOPE","value":1},
             {"deviceId":"WL-1","value":13},
             {"deviceId":"WL-1","value":1,"ts":"{{future}}"},
             {"deviceId":"WL-1","value":1,"ts":"2026-07-01T00:00:00Z"},
             {"deviceId":"WL-1","value":"high"},
             {"deviceId":"WL-1","value":1,"ts":"2026-07-25 00:30"},
             {"deviceId":"WL-1"},
             42]
            """));
        Assert.Single(batch.Accepted);
        Assert.Equal(
            [RejectReason.UnknownDevice, RejectReason.OutOfRange, RejectReason.Future, RejectReason.TooOld, RejectReason.Malformed, RejectReason.Malformed, RejectReason.Malformed, RejectReason.Malformed],
            batch.Rejected.Select(r => r.Reason));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], batch.Rejected.Select(r => r.Index));
        Assert.Contains("valid range", batch.Rejected[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NdjsonRejectsABrokenLineAndKeepsTheOthers()
    {
        var batch = Parser(out _).ParseNdjson("{\"deviceId\":\"WL-1\",\"value\":1}\n{broken\n\n{\"deviceId\":\"WL-1\",\"value\":2}\r\n"u8);
        Assert.Equal([1.0, 2.0], batch.Accepted.Select(r => r.Value));
        Assert.Equal(RejectReason.Malformed, Assert.Single(batch.Rejected).Reason);
    }

    [Fact]
    public void ABodyThatIsNotAnArrayOfReadingsIsRefusedWhole()
    {
        var parser = Parser(out _);
        Assert.Throws<TelemetryFormatException>(() => parser.ParseArray("[{\"deviceId\":\"WL-1\",\"value\":1},"u8));
        Assert.Throws<TelemetryFormatException>(() => parser.ParseArray("{\"deviceId\":\"WL-1\",\"value\":1}"u8));
        Assert.Throws<TelemetryFormatException>(() => parser.ParseArray(""u8));
    }

    [Fact]
    public void AnMqttPayloadTakesItsDeviceFromTheTopic()
    {
        var parser = Parser(out _);
        Assert.Equal(2.5, Assert.Single(parser.ParseMqtt("WL-1", "{\"value\":2.5}"u8).Accepted).Value);
        Assert.Equal(2, parser.ParseMqtt("WL-1", "[{\"value\":1},{\"value\":2}]"u8).Accepted.Count);
        Assert.Equal(RejectReason.Malformed, Assert.Single(parser.ParseMqtt("WL-1", "{\"deviceId\":\"WL-2\",\"value\":1}"u8).Rejected).Reason);
    }
}
