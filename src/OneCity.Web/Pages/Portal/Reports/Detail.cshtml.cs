using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.Reports;

/// <summary>A citizen's own report: where it is in the loop, what the unit did (with photos), and verification and evaluation.</summary>
public sealed class DetailModel : PageModel
{
    private IncidentActions Actions => HttpContext.RequestServices.GetRequiredService<IncidentActions>();

    private IncidentQueries Queries => HttpContext.RequestServices.GetRequiredService<IncidentQueries>();

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    internal IncidentView? View { get; private set; }

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public TimeZoneInfo Zone => HttpContext.RequestServices.GetRequiredService<WorkingCalendar>().Options.TimeZone;

    public string Time(DateTimeOffset? t) => t is { } v ? TimeZoneInfo.ConvertTime(v, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Notice = done switch
        {
            "reported" => "已收到您的反映，我们会尽快处理。",
            "verify" => "已记录您的核查意见。",
            "evaluate" => "感谢您的评价。",
            _ => null,
        };
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string act, int? version, string? passed, string? comment, string? satisfaction, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var result = act switch
        {
            "verify" => await Actions.VerifyAsync(user, Number, version, new VerifyInput(passed switch { "true" => true, "false" => false, _ => null }, comment), ct),
            "evaluate" => await Actions.EvaluateAsync(user, Number, version, new EvaluateInput(int.TryParse(satisfaction, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null, comment), ct),
            _ => (null, new Refusal(400, "未知操作。")),
        };
        if (result.Refusal is { } refusal)
        {
            foreach (var (field, rules) in refusal.Errors?.ToDictionary() ?? new Dictionary<string, string[]>())
            {
                Errors[field] = string.Join("; ", rules);
            }

            Error = refusal.Errors is null ? refusal.Detail : "请检查标出的内容。";
            Response.StatusCode = refusal.Status == 404 ? 404 : 400;
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        return Redirect($"/portal/reports/{Uri.EscapeDataString(Number)}?done={act}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var (incident, reporter) = await Actions.LoadAsync(user, Number, ct);
        if (incident is null || !reporter)
        {
            return false;
        }

        View = await Queries.DetailAsync(user, incident, reporter, ct);
        return true;
    }
}
