using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Audit;

/// <summary>The auditor's view of the ledger: filter, page through, verify the chain.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(AuditLedger ledger, WorkingCalendar calendar) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ObjectType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ObjectId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    // "page" is reserved by Razor Pages routing.
    [BindProperty(SupportsGet = true, Name = "p")]
    public string? PageNumber { get; set; }

    public AuditEntryPage? Entries { get; private set; }

    public IDictionary<string, string[]> Errors { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public AuditVerification? Verification { get; private set; }

    public TimeZoneInfo Zone => calendar.Options.TimeZone;

    public string SigningKeyId => ledger.SigningKeyId;

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Recomputes the chain; htmx swaps in only #verify-result, a plain link shows the whole page.</summary>
    public async Task<IActionResult> OnGetVerifyAsync(CancellationToken ct)
    {
        Verification = await ledger.VerifyAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["actor"] = Actor, ["action"] = ActionFilter, ["objectType"] = ObjectType, ["objectId"] = ObjectId,
        ["subject"] = Subject, ["role"] = Role, ["department"] = Department, ["from"] = From, ["to"] = To, ["p"] = page.ToString(CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value))).ToString();

    private async Task LoadAsync(CancellationToken ct)
    {
        var search = AuditQuery.Parse(Actor, ActionFilter, ObjectType, ObjectId, Subject, Role, Department, From, To, PageNumber, "50", Zone, Errors);
        if (search is not null)
        {
            Entries = await ledger.SearchAsync(search, ct);
        }
    }
}
