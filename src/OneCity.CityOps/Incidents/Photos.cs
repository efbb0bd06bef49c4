namespace OneCity.CityOps.Incidents;

/// <summary>Photos are checked by their first bytes, not by the name or type the client claims.</summary>
internal static class Photos
{
    public static bool IsImage(ReadOnlySpan<byte> b) => ContentType(b) is not null;

    public static string? ContentType(ReadOnlySpan<byte> b) =>
        b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? "image/jpeg"
        : b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;
}

internal static class Channels
{
    public static string Zh(ReportChannel c) => c switch
    {
        ReportChannel.Hotline => "12345 热线",
        ReportChannel.Open311 => "Open311",
        ReportChannel.App => "市民 App",
        ReportChannel.Inspector => "网格员巡查",
        ReportChannel.Sensor => "传感器报警",
        ReportChannel.Camera => "视频 AI 识别",
        _ => "历史导入",
    };
}
