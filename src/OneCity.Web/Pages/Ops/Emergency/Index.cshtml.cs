using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Plans;

namespace OneCity.Web.Pages.Ops.Emergency;

/// <summary>
/// The operations centre's emergency desk: pending proposals (the commander confirms or dismisses), running activations
/// with their level and task board, level changes and deactivation, and a manual proposal.
/// </summary>
[Authorize(Roles = Roles.Dispatcher + "," + Roles.Commander)]
public sealed class IndexModel : PageModel
{
    private EmergencyPlans Plans => HttpContext.RequestServices.GetRequiredService<EmergencyPlans>();

    internal IReadOnlyList<ProposalView> Pending { get; private set; } = [];

    internal IReadOnlyList<ActivationDetail> Active { get; private set; } = [];

    internal IReadOnlyList<PlanSummaryView> PlanList { get; private set; } = [];

    [BindProperty] public string? PlanCode { get; set; }

    [BindProperty] public string? Level { get; set; }

    [BindProperty] public string? Areas { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Notice { get; private set; }

    public bool IsCommander => User.IsInRole(Roles.Commander);

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Notice = done;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostProposeAsync(CancellationToken ct)
    {
        var areas = Areas?.Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var o = await Plans.ProposeManualAsync(CurrentUser.From(User), new ManualProposalInput(PlanCode, Level, areas, Reason), ct);
        return await Answer(o, "proposed", ct);
    }

    public async Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken ct) =>
        IsCommander ? await Answer(await Plans.ConfirmAsync(CurrentUser.From(User), id, new DecisionInput(null, null), ct), "confirmed", ct) : Forbid();

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken ct) =>
        IsCommander ? await Answer(await Plans.DismissAsync(CurrentUser.From(User), id, new DecisionInput(null, Reason), ct), "dismissed", ct) : Forbid();

    public async Task<IActionResult> OnPostLevelAsync(long id, string? level, CancellationToken ct) =>
        IsCommander ? await Answer(await Plans.ChangeLevelAsync(CurrentUser.From(User), id, new LevelInput(level, string.IsNullOrWhiteSpace(Reason) ? "指挥长调整响应级别" : Reason), ct), "level", ct) : Forbid();

    public async Task<IActionResult> OnPostDeactivateAsync(long id, CancellationToken ct) =>
        IsCommander ? await Answer(await Plans.DeactivateAsync(CurrentUser.From(User), id, new NoteInput(string.IsNullOrWhiteSpace(Reason) ? "指挥长宣布终止响应" : Reason), ct), "deactivated", ct) : Forbid();

    private async Task<IActionResult> Answer<T>(Outcome<T> o, string done, CancellationToken ct)
        where T : class
    {
        if (o.Ok)
        {
            return Redirect("/ops/emergency?done=" + done);
        }

        if (o.Failure == Failure.NotFound)
        {
            return NotFound();
        }

        if (o.Failure == Failure.Forbidden)
        {
            return Forbid();
        }

        foreach (var (field, rules) in o.Errors?.ToDictionary() ?? new Dictionary<string, string[]>())
        {
            Errors[field] = string.Join("; ", rules);
        }

        if (o.Message is not null)
        {
            Errors["action"] = o.Message;
        }

        Response.StatusCode = o.Failure == Failure.Conflict ? 409 : 400;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PlanList = Plans.Plans();
        Pending = await Plans.ProposalsAsync(ProposalStatuses.Pending, ct);
        var list = new List<ActivationDetail>();
        foreach (var a in await Plans.ActivationsAsync(activeOnly: true, ct))
        {
            list.Add((await Plans.DetailAsync(a.Id, ct))!);
        }

        Active = list;
    }

    internal static readonly string[] Statuses = TaskStatuses.All;

    public static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);
}
