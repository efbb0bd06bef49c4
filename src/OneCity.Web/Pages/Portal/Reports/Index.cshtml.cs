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
        var lon = Ops.ReportFormInput.Coordinate(Longitude, "longitude", Errors);
        var lat = Ops.ReportFormInput.Coordinate(Latitude, "latitude", Errors);
        var photos = await Ops.ReportFormInput.PhotosAsync(Photos, Errors, ct);
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
