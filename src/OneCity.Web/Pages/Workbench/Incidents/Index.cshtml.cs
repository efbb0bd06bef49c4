using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Incidents;

/// <summary>
/// Incidents and work orders: dispatchers see their jurisdiction (the triage queue first), unit staff their unit's
/// work orders, grid inspectors their grid area, auditors everything; filtered by status, category and area.
/// </summary>
public sealed class IndexModel : PageModel
{
    public const int PageSize = 30;

    private IncidentQueries Queries => HttpContext.RequestServices.GetRequiredService<IncidentQueries>();

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Area { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    internal IncidentPage? Result { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public int Pages => Result is null ? 1 : Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public TimeZoneInfo Zone => HttpContext.RequestServices.GetRequiredService<WorkingCalendar>().Options.TimeZone;

    public string Time(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Zone).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct)
    {
        IncidentStatus? status = null;
        if (!string.IsNullOrEmpty(Status) && (status = IncidentQueries.ParseStatus(Status)) is null)
        {
            Errors["status"] = "未知的状态，已显示全部。";
            Status = null;
        }

        if (Category is { Length: > 12 } || (Category is not null && !Category.All(char.IsAsciiLetterOrDigit)))
        {
            Errors["category"] = "分类代码由字母和数字组成，不超过 12 位。";
            Category = null;
        }

        if (Area is { Length: > 40 } || (Area is not null && !Area.All(char.IsAsciiLetterOrDigit)))
        {
            Errors["area"] = "区域代码由数字组成。";
            Area = null;
        }

        PageNumber = Math.Max(1, PageNumber);
        Result = await Queries.ListAsync(CurrentUser.From(User), status, string.IsNullOrEmpty(Category) ? null : Category, string.IsNullOrEmpty(Area) ? null : Area,
            (PageNumber - 1) * PageSize, PageSize, ct);
    }

    public string Link(int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Status))
        {
            parts.Add("status=" + Uri.EscapeDataString(Status));
        }

        if (!string.IsNullOrEmpty(Category))
        {
            parts.Add("category=" + Uri.EscapeDataString(Category));
        }

        if (!string.IsNullOrEmpty(Area))
        {
            parts.Add("area=" + Uri.EscapeDataString(Area));
        }

        parts.Add("p=" + page.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }
}
