using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.Reports;

/// <summary>"随手拍": a citizen reports a problem in the city (text, place, photo) and follows their reports through the loop.</summary>
public sealed class IndexModel : PageModel
{
    public const long MaxPhotoBytes = 5 * 1024 * 1024;

    private IntakeService Intake => HttpContext.RequestServices.GetRequiredService<IntakeService>();

    private IncidentQueries Queries => HttpContext.RequestServices.GetRequiredService<IncidentQueries>();

    [BindProperty] public string? Text { get; set; }

    [BindProperty] public string? Address { get; set; }

    [BindProperty] public string? Longitude { get; set; }

    [BindProperty] public string? Latitude { get; set; }

    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    internal IReadOnlyList<IncidentSummary> Mine { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public TimeZoneInfo Zone => HttpContext.RequestServices.GetRequiredService<WorkingCalendar>().Options.TimeZone;

    public string Time(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct) => Mine = await Queries.MineAsync(CurrentUser.From(User), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        double? Parse(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }

            Errors[field] = "请输入数字。";
            return null;
        }

        var lon = Parse(Longitude, "longitude");
        var lat = Parse(Latitude, "latitude");
        var photos = new List<PhotoUpload>();
        foreach (var file in Photos)
        {
            if (file.Length > MaxPhotoBytes)
            {
                Errors["photos"] = "照片不超过 5 MB。";
                break;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            photos.Add(new PhotoUpload(file.ContentType, buffer.ToArray()));
        }

        if (Errors.Count == 0)
        {
            var (result, errors) = await Intake.SubmitAsync(CurrentUser.From(User), new ReportDraft(ReportChannel.App, Text, null, lon, lat, null, Address, Photos: photos), ct);
            if (result is not null)
            {
                return Redirect($"/portal/reports/{Uri.EscapeDataString(result.Incident.Number)}?done=reported");
            }

            foreach (var (field, rules) in errors.ToDictionary())
            {
                Errors[field] = string.Join("; ", rules);
            }
        }

        Response.StatusCode = 400;
        Mine = await Queries.MineAsync(CurrentUser.From(User), ct);
        return Page();
    }
}
