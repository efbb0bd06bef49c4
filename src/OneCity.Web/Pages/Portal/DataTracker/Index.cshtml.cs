using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Tracker;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.DataTracker;

/// <summary>The citizen's data tracker: who used my data, when and why; objections and consents.</summary>
public sealed class IndexModel : PageModel
{
    // The service is internal to DataHub (visible to the host that renders its pages), so it is resolved here
    // rather than through a public constructor.
    private TrackerService Tracker => HttpContext.RequestServices.GetRequiredService<TrackerService>();

    internal AccessPage? Accesses { get; private set; }

    internal IReadOnlyList<ObjectionView> Objections { get; private set; } = [];

    internal IReadOnlyList<ConsentView> Consents { get; private set; } = [];

    internal IReadOnlyList<ConsentUseView> ConsentUses { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public string? Message { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Message = done switch
        {
            "objected" => "异议已提交，数据管理员将在 15 个工作日内答复。",
            "withdrawn" => "已撤回同意。",
            "consented" => "已同意。您可以随时撤回。",
            _ => null,
        };
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostObjectAsync(long? auditSeq, string? reason, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var request = new ObjectionRequest(auditSeq, reason);
        var errors = TrackerEndpoints.ValidateObjection(request);
        if (errors.Any || user.PersonId is null)
        {
            Errors.AddRange(errors.ToDictionary().SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")));
            return await LoadAsync(ct);
        }

        var (outcome, _, message) = await Tracker.RaiseAsync(user, auditSeq!.Value, reason!.Trim(), ct);
        if (outcome != TrackerOutcome.Ok)
        {
            Errors.Add(message!);
            return await LoadAsync(ct);
        }

        return RedirectToPage(new { done = "objected" });
    }

    /// <summary>Consents to one of the uses on offer (a department and purpose that a consent-based grant names).</summary>
    public async Task<IActionResult> OnPostConsentAsync(string? departmentCode, string? purpose, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var request = new ConsentRequest(departmentCode, purpose);
        var errors = TrackerEndpoints.ValidateConsent(request);
        if (!errors.Any && user.PersonId is not null
            && !(await Tracker.ConsentUsesAsync(user, ct)).Any(u => u.DepartmentCode == departmentCode && u.Purpose == purpose))
        {
            errors.Add("purpose", "not a use on offer: choose one from the list");
        }

        if (errors.Any || user.PersonId is null)
        {
            Errors.AddRange(errors.ToDictionary().SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")));
            return await LoadAsync(ct);
        }

        var (outcome, message) = await Tracker.GiveConsentAsync(user, departmentCode!.Trim(), purpose!.Trim(), ct);
        if (outcome != TrackerOutcome.Ok)
        {
            Errors.Add(message!);
            return await LoadAsync(ct);
        }

        return RedirectToPage(new { done = "consented" });
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id, CancellationToken ct)
    {
        var (outcome, message) = await Tracker.WithdrawConsentAsync(CurrentUser.From(User), id, ct);
        if (outcome != TrackerOutcome.Ok)
        {
            Errors.Add(message!);
            return await LoadAsync(ct);
        }

        return RedirectToPage(new { done = "withdrawn" });
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        if (user.PersonId is null)
        {
            Accesses = new AccessPage([], 0, 1, 50);
            Errors.Add("This account is not linked to a person in the population registry.");
            return Page();
        }

        Accesses = await Tracker.AccessesAsync(user, Math.Max(1, PageNumber), 50, ct);
        Objections = await Tracker.OwnObjectionsAsync(user, ct);
        Consents = await Tracker.ConsentsAsync(user, ct);
        ConsentUses = await Tracker.ConsentUsesAsync(user, ct);
        return Page();
    }
}
