using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Plans;

namespace OneCity.Web.Pages.Workbench.Emergency;

/// <summary>
/// A department's side of the emergency plans: its tasks in running activations (check in, report progress, done) and the
/// resource requests it sent or received.
/// </summary>
public sealed class IndexModel : PageModel
{
    private EmergencyPlans Plans => HttpContext.RequestServices.GetRequiredService<EmergencyPlans>();

    internal IReadOnlyList<TaskView> Tasks { get; private set; } = [];

    internal IReadOnlyList<ResourceRequestView> Requests { get; private set; } = [];

    internal IReadOnlyList<ActivationView> Active { get; private set; } = [];

    public string? Department { get; private set; }

    [BindProperty] public string? Note { get; set; }

    [BindProperty] public long? ActivationId { get; set; }

    [BindProperty] public string? ToDepartment { get; set; }

    [BindProperty] public string? What { get; set; }

    [BindProperty] public string? Quantity { get; set; }

    [BindProperty] public string? Unit { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Notice { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Notice = done;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCheckInAsync(long id, CancellationToken ct) =>
        await Answer(await Plans.CheckInAsync(CurrentUser.From(User), id, new NoteInput(Note), ct), "checked-in", ct);

    public async Task<IActionResult> OnPostStatusAsync(long id, string? status, CancellationToken ct) =>
        await Answer(await Plans.ReportStatusAsync(CurrentUser.From(User), id, new StatusInput(status, Note), ct), status ?? "status", ct);

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken ct)
    {
        double? quantity = double.TryParse(Quantity, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) ? q : null;
        return await Answer(await Plans.RequestResourceAsync(CurrentUser.From(User), ActivationId ?? 0, new ResourceRequestInput(ToDepartment, What, quantity, Unit, null), ct), "requested", ct);
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, string? status, CancellationToken ct) =>
        await Answer(await Plans.AnswerResourceRequestAsync(CurrentUser.From(User), id, new ResourceAnswerInput(status, Note), ct), status ?? "answered", ct);

    private async Task<IActionResult> Answer<T>(Outcome<T> o, string done, CancellationToken ct)
        where T : class
    {
        if (o.Ok)
        {
            return Redirect("/workbench/emergency?done=" + Uri.EscapeDataString(done));
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

        Response.StatusCode = o.Failure switch { Failure.NotFound => 404, Failure.Conflict => 409, _ => 400 };
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Department = CurrentUser.From(User).DepartmentCode;
        if (string.IsNullOrEmpty(Department))
        {
            return;
        }

        Tasks = await Plans.TasksOfDepartmentAsync(Department, includeEnded: false, ct);
        Requests = await Plans.RequestsOfDepartmentAsync(Department, ct);
        Active = await Plans.ActivationsAsync(activeOnly: true, ct);
    }

    public static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Number(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
