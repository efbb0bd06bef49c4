using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Telemetry;

namespace OneCity.Web.Pages.Ops.Devices;

/// <summary>One device: its registration, thresholds, a chart of its readings (raw, per minute, per hour) and its alarm history.</summary>
public sealed class DetailModel : PageModel
{
    private DeviceQueries Queries => HttpContext.RequestServices.GetRequiredService<DeviceQueries>();

    internal DeviceView Device { get; private set; } = null!;

    internal IReadOnlyList<AlarmView> Alarms { get; private set; } = [];

    internal IReadOnlyList<RejectionView> Rejections { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var (device, forbidden) = await Queries.FindAsync(user, code, ct);
        if (forbidden)
        {
            return Forbid();
        }

        if (device is null)
        {
            return NotFound();
        }

        Device = await Queries.ViewAsync(device, ct);
        Alarms = await Queries.AlarmsAsync(user, openOnly: false, code, 100, ct);
        Rejections = await Queries.RejectionsAsync(code, ct);
        return Page();
    }
}
