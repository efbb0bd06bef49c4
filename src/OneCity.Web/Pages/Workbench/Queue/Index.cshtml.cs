using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Applications;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Queue;

/// <summary>The department's work queue (办件审批): its open steps by deadline, with working-day countdowns.</summary>
[Authorize(Roles = Roles.DepartmentReviewer + "," + Roles.DepartmentAdministrator)]
public sealed class IndexModel : PageModel
{
    public const int PageSize = 20;

    // ApplicationQueries is internal to GovServices (visible to the host that renders its pages).
    private ApplicationQueries Queries => HttpContext.RequestServices.GetRequiredService<ApplicationQueries>();

    /// <summary>A step status, or empty for every open step.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    internal QueuePage? Result { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string Department => CurrentUser.From(User).DepartmentCode ?? "—";

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public int Pages => Result is null ? 1 : Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Status))
        {
            Status = QueueLabels.StepStatuses.FirstOrDefault(s => s.Equals(Status, StringComparison.OrdinalIgnoreCase));
            if (Status is null)
            {
                Errors["status"] = "未知的状态，已显示全部待办。";
            }
        }

        if (Q is { Length: > 100 })
        {
            Errors["q"] = "搜索词不超过 100 个字符。";
            Q = Q[..100];
        }

        PageNumber = Math.Max(1, PageNumber);
        var user = CurrentUser.From(User);
        Result = await Queries.QueueAsync(user.DepartmentCode ?? "-", string.IsNullOrEmpty(Status) ? null : Status, Overdue, Q, PageNumber, PageSize, ct);
    }

    /// <summary>The query string of this view on another page, for the pager.</summary>
    public string Link(int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Status))
        {
            parts.Add("status=" + Uri.EscapeDataString(Status));
        }

        if (Overdue)
        {
            parts.Add("overdue=true");
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        parts.Add("p=" + page.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join("&", parts);
    }
}
