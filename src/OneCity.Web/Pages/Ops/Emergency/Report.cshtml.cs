using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Plans;

namespace OneCity.Web.Pages.Ops.Emergency;

/// <summary>The situation report of one activation, as the API returns it, laid out for printing.</summary>
[Authorize(Roles = Roles.Dispatcher + "," + Roles.Commander)]
public sealed class ReportModel : PageModel
{
    internal SituationReport Report { get; private set; } = null!;

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var report = await HttpContext.RequestServices.GetRequiredService<EmergencyPlans>().SituationReportAsync(id, ct);
        if (report is null)
        {
            return NotFound();
        }

        Report = report;
        return Page();
    }

    public static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Number(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
