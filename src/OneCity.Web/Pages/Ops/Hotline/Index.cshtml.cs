using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Ops.Hotline;

/// <summary>
/// The 12345 call-taker's page: while on the phone, type what the caller says and where; "suggest" shows the
/// classifier's top categories with their confidence, the location found and the unit the responsibility list names;
/// "file" creates the work order through the same intake as every other channel.
/// </summary>
[Authorize(Roles = Roles.Dispatcher + "," + Roles.Commander)]
public sealed class IndexModel : PageModel
{
    private IntakeService Intake => HttpContext.RequestServices.GetRequiredService<IntakeService>();

    internal CategoryTree Categories => HttpContext.RequestServices.GetRequiredService<CategoryTree>();

    [BindProperty] public string? Text { get; set; }

    [BindProperty] public string? CallerName { get; set; }

    [BindProperty] public string? CallerPhone { get; set; }

    [BindProperty] public string? Address { get; set; }

    [BindProperty] public string? Longitude { get; set; }

    [BindProperty] public string? Latitude { get; set; }

    [BindProperty] public string? CategoryCode { get; set; }

    [BindProperty] public string? CallId { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Code, string Path, double Confidence)> Suggestions { get; private set; } = [];

    public string? SuggestedPlace { get; private set; }

    public string? SuggestedUnit { get; private set; }

    public string? SuggestedRouting { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public void OnGet() => CallId = Guid.NewGuid().ToString("N");

    public IActionResult OnPostSuggest()
    {
        var (lon, lat) = Coordinates();
        if (string.IsNullOrWhiteSpace(Text))
        {
            Errors["text"] = "请记录来电内容。";
            Response.StatusCode = 400;
            return Page();
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = 400;
            return Page();
        }

        var (classification, located, route) = Intake.Suggest(Text, lon, lat, null, Address, string.IsNullOrEmpty(CategoryCode) ? null : CategoryCode);
        Suggestions = classification.Alternatives.Select(a => (a.CategoryCode, Categories.Path(a.CategoryCode, !English), a.Confidence)).ToList();
        CategoryCode ??= classification.CategoryCode;
        SuggestedPlace = located.Needed ? null : Platform.Organisation.Users.OrganisationDirectory.Area(located.AreaCode!).Zh;
        SuggestedUnit = route?.Target?.UnitCode;
        SuggestedRouting = route?.Target?.ExplanationZh ?? route?.ProblemZh;
        return Page();
    }

    public async Task<IActionResult> OnPostFileAsync(CancellationToken ct)
    {
        var (lon, lat) = Coordinates();
        if (string.IsNullOrWhiteSpace(CallerPhone))
        {
            Errors["callerPhone"] = "请填写来电号码，以便回访。";
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = 400;
            return Page();
        }

        var draft = new ReportDraft(ReportChannel.Hotline, Text, string.IsNullOrEmpty(CategoryCode) ? null : CategoryCode, lon, lat, null, Address,
            CallerName, CallerPhone, null, CallId, "12345");
        var (result, errors) = await Intake.SubmitAsync(CurrentUser.From(User), draft, ct);
        if (result is null)
        {
            foreach (var (field, rules) in errors.ToDictionary())
            {
                Errors[field] = string.Join("; ", rules);
            }

            Response.StatusCode = 400;
            return Page();
        }

        return Redirect($"/workbench/incidents/{Uri.EscapeDataString(result.Incident.Number)}?done=filed");
    }

    private (double? Lon, double? Lat) Coordinates() =>
        (ReportFormInput.Coordinate(Longitude, "longitude", Errors, "请输入数字（WGS84 经纬度）。"),
         ReportFormInput.Coordinate(Latitude, "latitude", Errors, "请输入数字（WGS84 经纬度）。"));
}
