using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Calendar;

/// <summary>A year of the working-day calendar as month grids; administrators upload next year's holiday notice here.</summary>
public sealed class IndexModel(WorkingCalendar calendar, CalendarAdministration admin) : PageModel
{
    private const int MaxUploadBytes = 256 * 1024;

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Uploaded { get; set; }

    public int ShownYear { get; private set; }

    public bool HasData { get; private set; }

    public IReadOnlyList<CalendarYearSummary> Years { get; private set; } = [];

    /// <summary>Fixed messages, localised by the view.</summary>
    public List<string> UploadErrors { get; } = [];

    /// <summary>Field errors from validation, shown as they are (field names are the API's).</summary>
    public List<string> FieldErrors { get; } = [];

    public bool IsAdministrator => User.IsInRole(Roles.SystemAdministrator);

    public WorkingCalendar Calendar => calendar;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            return Forbid();
        }

        HolidayCnYear? data = null;
        if (file is null || file.Length == 0)
        {
            UploadErrors.Add("请选择 holiday-cn 格式的 JSON 文件。");
        }
        else if (file.Length > MaxUploadBytes)
        {
            UploadErrors.Add("文件过大。");
        }
        else
        {
            try
            {
                await using var stream = file.OpenReadStream();
                data = await JsonSerializer.DeserializeAsync<HolidayCnYear>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web), ct);
            }
            catch (JsonException)
            {
                UploadErrors.Add("文件不是有效的 JSON。");
            }
        }

        if (UploadErrors.Count == 0)
        {
            var result = await admin.UploadAsync(CurrentUser.From(User), data, ct);
            if (result.Year is { } y)
            {
                return RedirectToPage(new { year = y.Year, uploaded = y.Year });
            }

            FieldErrors.AddRange(result.Errors!.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}"));
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ShownYear = Year is >= 1900 and <= 2200 ? Year.Value : calendar.Today.Year;
        HasData = calendar.HasYear(ShownYear);
        Years = await admin.ListYearsAsync(ct);
    }
}
