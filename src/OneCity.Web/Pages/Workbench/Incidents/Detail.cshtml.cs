using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Incidents;

/// <summary>
/// One incident: summary, routing explanation, reports (reporters masked), work orders, photos, merge suggestions and
/// the full timeline, with a form for each action the viewer may take now. Dispatchers, unit staff, grid inspectors
/// and auditors use the same page; what it offers follows the viewer's role, unit and jurisdiction.
/// </summary>
public sealed class DetailModel : PageModel
{
    // CityOps' services are internal to the module (visible to the host that renders its pages).
    private IncidentActions Actions => HttpContext.RequestServices.GetRequiredService<IncidentActions>();

    private IncidentQueries Queries => HttpContext.RequestServices.GetRequiredService<IncidentQueries>();

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    internal IncidentView? View { get; private set; }

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public string? FailedAction { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>A reporter's details revealed for a return call (shown once, never stored by the page).</summary>
    internal RevealResponse? Revealed { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The categories an incident may carry (leaves, and hotline topics at every level) with their paths in the page's language.</summary>
    internal IEnumerable<(string Code, string Name)> AssignableCategories
    {
        get
        {
            var tree = HttpContext.RequestServices.GetRequiredService<CategoryTree>();
            return tree.All.Where(CategoryTree.IsAssignable).Select(c => (c.Code, tree.Path(c.Code, !English)));
        }
    }

    public TimeZoneInfo Zone => HttpContext.RequestServices.GetRequiredService<WorkingCalendar>().Options.TimeZone;

    public string Time(DateTimeOffset? t) => t is { } v ? TimeZoneInfo.ConvertTime(v, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Notice = done is null ? null : IncidentLabels.Done(done);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string act, int? version, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var f = Request.HasFormContentType ? Request.Form : null;
        string? Field(string name) => f?[name].FirstOrDefault() is { Length: > 0 } v ? v : null;
        (Incident? Incident, Refusal? Refusal) result;
        switch (act)
        {
            case "register":
                result = await Actions.RegisterAsync(user, Number, version, new RegisterInput(Field("categoryCode"), null, null, null, Field("areaCode"), Field("unitCode"), Field("reason")), ct);
                break;
            case "refuse":
                result = await Actions.RefuseAsync(user, Number, version, new RefuseInput(Field("reason"), Field("text"), Field("duplicateOf")), ct);
                break;
            case "dispatch":
                var co = Field("coUnits")?.Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                result = await Actions.DispatchAsync(user, Number, version, new DispatchInput(Field("unitCode"), co, Field("reason")), ct);
                break;
            case "accept":
                result = await Actions.AcceptAsync(user, Number, version, ct);
                break;
            case "bounce":
                result = await Actions.BounceAsync(user, Number, version, new ReasonInput(Field("reason")), ct);
                break;
            case "dispute":
                result = await Actions.DisputeAsync(user, Number, version, new ReasonInput(Field("reason")), ct);
                break;
            case "feedback":
                var photos = await Ops.ReportFormInput.PhotosAsync(f?.Files.GetFiles("photos") ?? [], Errors, ct);
                if (Errors.Count > 0)
                {
                    return await FailAsync(act, "photos", Errors["photos"], ct);
                }

                result = await Actions.FeedbackAsync(user, Number, version, Field("text"), photos, ct);
                break;
            case "verify":
                result = await Actions.VerifyAsync(user, Number, version, new VerifyInput(Field("passed") switch { "true" => true, "false" => false, _ => null }, Field("comment")), ct);
                break;
            case "close":
                result = await Actions.CloseAsync(user, Number, version, ct);
                break;
            case "evaluate":
                result = await Actions.EvaluateAsync(user, Number, version, new EvaluateInput(int.TryParse(Field("satisfaction"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null, Field("comment")), ct);
                break;
            case "merge":
                result = await Actions.MergeAsync(user, Number, version, new MergeInput(Field("into")), ct);
                break;
            case "unmerge":
                result = await Actions.UnmergeAsync(user, Number, long.TryParse(Field("reportId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0, version, ct);
                break;
            case "request-extension":
                int? amount = null;
                if (Field("amount") is { } text)
                {
                    if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                    {
                        return await FailAsync(act, "workingDays", "请填写整数。", ct);
                    }

                    amount = n;
                }

                var hours = Field("unit") == "wh";
                result = await Actions.RequestExtensionAsync(user, Number, version, new ExtensionInput(hours ? amount : null, hours ? null : amount, Field("reason")), ct);
                break;
            case "request-suspension":
                result = await Actions.RequestSuspensionAsync(user, Number, version, new SuspensionInput(Field("reason"), Field("expectedResumeOn")), ct);
                break;
            case "approve-request" or "reject-request":
                result = await Actions.DecideAsync(user, Number, long.TryParse(Field("requestId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0,
                    act == "approve-request", version, new DecisionInput(Field("comment")), ct);
                break;
            case "resume":
                result = await Actions.ResumeAsync(user, Number, version, new DecisionInput(Field("comment")), ct);
                break;
            case "reveal":
                return await RevealAsync(user, Field("reportId"), Field("purpose"), ct);
            default:
                return BadRequest();
        }

        if (result.Refusal is { } refusal)
        {
            FailedAction = act;
            if (refusal.Errors is { } errors)
            {
                foreach (var (field, rules) in errors.ToDictionary())
                {
                    Errors[field] = string.Join("; ", rules);
                }

                Error = "请检查标出的内容。";
            }
            else
            {
                Error = refusal.Detail;
            }

            Response.StatusCode = refusal.Status == 404 ? 404 : refusal.Errors is null ? refusal.Status : 400;
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        var number = act == "merge" ? Number : result.Incident!.Number;
        return Redirect($"/workbench/incidents/{Uri.EscapeDataString(number)}?done={act}");
    }

    private async Task<IActionResult> RevealAsync(CurrentUser user, string? reportId, string? purpose, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > 200)
        {
            return await FailAsync("reveal", "purpose", "请说明查看来电人信息的目的（不超过 200 字）。", ct);
        }

        var (incident, _) = await Actions.LoadAsync(user, Number, ct);
        if (incident is null || !IncidentActions.IsDispatcherFor(user, incident) || !long.TryParse(reportId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            return NotFound();
        }

        var revealed = await Queries.RevealAsync(user, incident, id, purpose.Trim(), ct);
        if (revealed is not { } r)
        {
            return NotFound();
        }

        Revealed = new RevealResponse(r.Name, r.Phone);
        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> FailAsync(string act, string field, string message, CancellationToken ct)
    {
        FailedAction = act;
        Errors[field] = message;
        Error = "请检查标出的内容。";
        Response.StatusCode = 400;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var (incident, reporter) = await Actions.LoadAsync(user, Number, ct);
        if (incident is null)
        {
            return false;
        }

        View = await Queries.DetailAsync(user, incident, reporter, ct);
        return true;
    }
}
