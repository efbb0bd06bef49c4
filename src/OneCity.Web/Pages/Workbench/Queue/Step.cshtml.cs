using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Review;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Queue;

/// <summary>
/// One step of the department's queue with its application (answers, materials, other steps, timeline) and the
/// actions its state allows. Every showing of the application is a read of personal data and goes to the audit ledger.
/// </summary>
[Authorize(Roles = Roles.DepartmentReviewer + "," + Roles.DepartmentAdministrator)]
public sealed class StepModel : PageModel
{
    public const int MaxReason = 2000;
    public const int MaxNote = 500;

    // GovServices' services are internal to the module (visible to the host that renders its pages).
    private StepReview Review => HttpContext.RequestServices.GetRequiredService<StepReview>();

    private StepActions Actions => HttpContext.RequestServices.GetRequiredService<StepActions>();

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    internal StepReviewView? View { get; private set; }

    /// <summary>What the last action did (after the redirect that follows it).</summary>
    public string? Notice { get; private set; }

    /// <summary>Why the action was not carried out, when it is not one field's fault.</summary>
    public string? Error { get; private set; }

    /// <summary>The action whose form the field errors belong to (<c>refuse</c>, <c>reject</c>, <c>requestsupplement</c>).</summary>
    public string? FailedAction { get; private set; }

    /// <summary>Field errors, keyed by the API's field names (<c>reason</c>, <c>items</c>); localisation keys where the page wrote them.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The reviewer's input, shown again when the action failed.</summary>
    public string? Reason { get; private set; }

    public IReadOnlyList<string> SupplementMaterials { get; private set; } = [];

    public IReadOnlyDictionary<string, string> MaterialNotes { get; private set; } = new Dictionary<string, string>();

    public string? Notes { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public TimeZoneInfo Zone => HttpContext.RequestServices.GetRequiredService<WorkingCalendar>().Options.TimeZone;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Notice = done?.ToLowerInvariant() switch
        {
            "accept" => "已受理。",
            "refuse" => "已不予受理，申请人已收到通知。",
            "requestsupplement" => "已一次性告知申请人补正，本环节暂停计时。",
            "approve" => "已审批通过。",
            "reject" => "已不予批准，依赖本环节的事项已取消。",
            "issue" => "电子证照已签发，后续环节已进入相应部门的待办。",
            _ => null,
        };
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? act, int? revision, string? reason, List<string>? supplementMaterials,
        Dictionary<string, string>? materialNotes, string? notes, CancellationToken ct)
    {
        var action = act?.Trim() ?? "";
        FailedAction = action.ToLowerInvariant();
        Reason = reason;
        SupplementMaterials = supplementMaterials ?? [];
        MaterialNotes = materialNotes ?? new Dictionary<string, string>();
        Notes = notes;

        List<SupplementItem>? items = null;
        switch (FailedAction)
        {
            case "refuse" or "reject" when string.IsNullOrWhiteSpace(reason):
                Errors["reason"] = "请填写理由。";
                break;
            case "refuse" or "reject" when reason!.Trim().Length > MaxReason:
                Errors["reason"] = "理由不超过 2000 字。";
                break;
            case "requestsupplement":
                items = await SupplementItemsAsync(ct);
                if (items is null)
                {
                    return NotFound();
                }

                break;
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(ct);
        }

        var (_, refusal) = await Actions.ActAsync(CurrentUser.From(User), Id, new StepActionInput(action, reason, items, revision), ct);
        if (refusal is null)
        {
            return RedirectToPage(new { id = Id, done = FailedAction });
        }

        if (refusal.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Response.StatusCode = refusal.Status;
        if (refusal.Status == StatusCodes.Status409Conflict)
        {
            Error = refusal.Title == "Changed meanwhile" ? "已被他人处理，请刷新。" : "当前状态下不能执行此操作，请刷新后重试。";
        }
        else if (refusal.Errors is { } errors)
        {
            foreach (var (field, rules) in errors)
            {
                if (field == "reason")
                {
                    Errors[field] = "请填写理由（不超过 2000 字）。";
                }
                else if (field == "items")
                {
                    Errors[field] = string.Join("; ", rules);
                }
                else
                {
                    Error = $"{field}: {string.Join("; ", rules)}";
                }
            }
        }
        else
        {
            Error = refusal.Detail;
        }

        return await LoadAsync(ct);
    }

    /// <summary>
    /// The one-time notice: every chosen material (with the reviewer's note, or a standard one) and every line of the
    /// free text. Null when the step is not the user's department's.
    /// </summary>
    private async Task<List<SupplementItem>?> SupplementItemsAsync(CancellationToken ct)
    {
        var materials = await Review.MaterialNamesAsync(CurrentUser.From(User), Id, ct);
        if (materials is null)
        {
            return null;
        }

        var items = new List<SupplementItem>();
        foreach (var code in SupplementMaterials.Distinct(StringComparer.Ordinal))
        {
            var material = materials.FirstOrDefault(m => m.Code == code);
            if (material.Code is null)
            {
                Errors["items"] = "所选材料不属于本办件。";
                continue;
            }

            var note = MaterialNotes.GetValueOrDefault(code)?.Trim();
            items.Add(string.IsNullOrEmpty(note)
                ? new SupplementItem(code, $"请重新提交「{material.NameZh}」", $"Please submit again: {material.NameEn}")
                : new SupplementItem(code, note));
        }

        foreach (var line in (Notes ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            items.Add(new SupplementItem(null, line));
        }

        if (items.Count == 0)
        {
            Errors["items"] = "请至少列出一项需要补正的内容：勾选材料或填写说明。";
        }
        else if (items.Any(i => i.NoteZh.Length > MaxNote))
        {
            Errors["items"] = "每项说明不超过 500 字。";
        }

        return items;
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        View = await Review.OpenAsync(CurrentUser.From(User), Id, ct);
        return View is null ? NotFound() : Page();
    }
}
