using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Tracker;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Objections;

/// <summary>The data stewards' queue of citizens' objections.</summary>
[Authorize(Roles = Roles.DataSteward + "," + Roles.SystemAdministrator)]
public sealed class IndexModel : PageModel
{
    private TrackerService Tracker => HttpContext.RequestServices.GetRequiredService<TrackerService>();

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = "open";

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    internal IReadOnlyList<ObjectionView> Items { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostResolveAsync(long id, string? outcome, string? response, CancellationToken ct)
    {
        var request = new ResolveRequest(outcome, response);
        var errors = TrackerEndpoints.ValidateResolve(request);
        if (errors.Any)
        {
            Errors.AddRange(errors.ToDictionary().SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")));
            await LoadAsync(ct);
            return Page();
        }

        var (result, _, message) = await Tracker.ResolveAsync(CurrentUser.From(User), id, outcome == "upheld", response!.Trim(), ct);
        if (result != TrackerOutcome.Ok)
        {
            Errors.Add(message!);
            await LoadAsync(ct);
            return Page();
        }

        return RedirectToPage(new { status = "all" });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ObjectionStatus? status = Status switch
        {
            "upheld" => ObjectionStatus.Upheld,
            "rejected" => ObjectionStatus.Rejected,
            "all" => null,
            _ => Overdue ? null : ObjectionStatus.Open,
        };
        Items = await Tracker.QueueAsync(status, Overdue, ct);
    }
}
