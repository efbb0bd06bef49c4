using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Replay;

namespace OneCity.Web.Pages.Ops.Replay;

/// <summary>
/// The typhoon In-Fa replay (台风演练复盘): start one (commander or administrator), follow it live, and read the reports
/// of past runs — timeline, tasks on time, forecast lead time and precision.
/// </summary>
[Authorize(Roles = Roles.Dispatcher + "," + Roles.Commander + "," + Roles.SystemAdministrator)]
public sealed class IndexModel : PageModel
{
    public bool Available { get; private set; }

    public bool MayStart { get; private set; }

    public DateTimeOffset PlatformTime { get; private set; }

    internal IReadOnlyList<ReplayRunView> Runs { get; private set; } = [];

    internal ReplayRunView? Selected { get; private set; }

    internal ReplayProgress? Progress { get; private set; }

    /// <summary>The run going on now (also before its first step has reported progress).</summary>
    public long? LiveRunId { get; private set; }

    [BindProperty]
    public double Speed { get; set; } = 3600;

    [BindProperty]
    public int StepMinutes { get; set; } = 10;

    public string? Error { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private ReplayRunner Runner => HttpContext.RequestServices.GetRequiredService<ReplayRunner>();

    public async Task OnGetAsync(long? run, CancellationToken ct) => await LoadAsync(run, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        if (!user.IsInRole(Roles.Commander) && !user.IsInRole(Roles.SystemAdministrator))
        {
            return Forbid();
        }

        var outcome = await Runner.StartAsync(user, new ReplayInput(StepMinutes, Speed), ct);
        if (outcome.Value is { } started)
        {
            return RedirectToPage(new { run = started.Id });
        }

        Error = outcome.Describe();
        await LoadAsync(null, ct);
        return Page();
    }

    private async Task LoadAsync(long? run, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        MayStart = user.IsInRole(Roles.Commander) || user.IsInRole(Roles.SystemAdministrator);
        Available = Runner.Available;
        PlatformTime = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        Progress = Runner.Progress;
        Runs = await Runner.ListAsync(ct);
        LiveRunId = Progress?.RunId ?? (Runner.Current is { IsCompleted: false } ? Runs.FirstOrDefault(r => r.Status == ReplayStatuses.Running)?.Id : null);
        var id = run ?? Runs.FirstOrDefault(r => r.Status == ReplayStatuses.Finished)?.Id;
        Selected = id is { } x ? await Runner.FindAsync(x, ct) : null;
    }

    /// <summary>Beijing time, as the operations centre reads it.</summary>
    public static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Number(double? v, string format = "0.##") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "–";
}
