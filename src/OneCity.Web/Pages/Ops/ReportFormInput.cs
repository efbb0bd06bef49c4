using System.Globalization;
using OneCity.CityOps.Incidents;

namespace OneCity.Web.Pages.Ops;

/// <summary>What the report forms (hotline, patrol, citizen) share: optional coordinates typed as text and photos.</summary>
internal static class ReportFormInput
{
    public const long MaxPhotoBytes = 5 * 1024 * 1024;

    /// <summary>An optional number; a non-number puts <paramref name="message"/> on the field.</summary>
    public static double? Coordinate(string? text, string field, Dictionary<string, string> errors, string message = "请输入数字。")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        errors[field] = message;
        return null;
    }

    /// <summary>The uploaded photos' bytes; one over 5 MB puts an error on <c>photos</c> (the intake checks that they are images).</summary>
    public static async Task<List<PhotoUpload>> PhotosAsync(IEnumerable<IFormFile> files, Dictionary<string, string> errors, CancellationToken ct)
    {
        var photos = new List<PhotoUpload>();
        foreach (var file in files)
        {
            if (file.Length > MaxPhotoBytes)
            {
                errors["photos"] = "照片不超过 5 MB。";
                break;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            photos.Add(new PhotoUpload(file.ContentType, buffer.ToArray()));
        }

        return photos;
    }
}
