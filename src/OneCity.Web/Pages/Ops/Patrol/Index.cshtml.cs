using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Ops.Patrol;

/// <summary>
/// The grid inspector's mobile page (巡查上报): choose what was found, describe it, take a photo; the phone's GPS
/// position (WGS84) fills itself in, or the inspector declares GCJ-02 coordinates read from a Chinese map app.
/// Reports from here are counted as found by inspectors (主动发现).
/// </summary>
[Authorize(Roles = Roles.GridInspector)]
public sealed class IndexModel : PageModel
{
    private IntakeService Intake => HttpContext.RequestServices.GetRequiredService<IntakeService>();

    internal CategoryTree Categories => HttpContext.RequestServices.GetRequiredService<CategoryTree>();

    [BindProperty] public string? CategoryCode { get; set; }

    [BindProperty] public string? Text { get; set; }

    [BindProperty] public string? Longitude { get; set; }

    [BindProperty] public string? Latitude { get; set; }

    [BindProperty] public string? Crs { get; set; } = "wgs84";

    [BindProperty] public string? Address { get; set; }

    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>Components and events, grouped by their first-level category (hotline topics are for call-takers).</summary>
    internal IEnumerable<IGrouping<Category, Category>> Groups => Categories.Leaves
        .Where(c => c.Kind != CategoryKind.Hotline)
        .GroupBy(c => Categories.Find(c.ParentCode)!);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var lon = ReportFormInput.Coordinate(Longitude, "longitude", Errors);
        var lat = ReportFormInput.Coordinate(Latitude, "latitude", Errors);
        if (lon is null && lat is null && string.IsNullOrWhiteSpace(Address))
        {
            Errors["longitude"] = "请定位（允许浏览器获取位置）或填写地址。";
        }

        var photos = await ReportFormInput.PhotosAsync(Photos, Errors, ct);
        if (photos.Count == 0 && !Errors.ContainsKey("photos"))
        {
            Errors["photos"] = "请拍摄或选择至少一张现场照片。";
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = 400;
            return Page();
        }

        var draft = new ReportDraft(ReportChannel.Inspector, Text, string.IsNullOrEmpty(CategoryCode) ? null : CategoryCode, lon, lat, Crs, Address, Photos: photos);
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

        return Redirect($"/workbench/incidents/{Uri.EscapeDataString(result.Incident.Number)}?done={(result.Merged ? "merged-report" : "filed")}");
    }
}
