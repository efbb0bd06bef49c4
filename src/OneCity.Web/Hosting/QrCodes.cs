using QRCoder;

namespace OneCity.Web.Hosting;

/// <summary>QR codes as SVG (pure managed code, no native imaging library).</summary>
internal static class QrCodes
{
    /// <summary>A square SVG that scales with its container (viewBox), black on white, with the quiet zone.</summary>
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
