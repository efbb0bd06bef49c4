using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Devices;
using OneCity.Sensing.Telemetry;

namespace OneCity.Web.Pages.Ops.Devices;

/// <summary>The sensor network of the user's jurisdiction: status of every device, the latest readings and the open alarms and warnings.</summary>
public sealed class IndexModel : PageModel
{
    private DeviceQueries Queries => HttpContext.RequestServices.GetRequiredService<DeviceQueries>();

    internal IReadOnlyList<DeviceView> Devices { get; private set; } = [];

    internal IReadOnlyList<AlarmView> OpenAlarms { get; private set; } = [];

    internal static IReadOnlyList<DeviceTypeInfo> Types => DeviceTypes.All;

    public string? Type { get; private set; }

    public string? Status { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(string? type, string? status, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        Type = DeviceTypes.FromSlug(type)?.Slug;
        Status = status is not null && DeviceQueries.Statuses.Contains(status) ? status : null;
        var all = await Queries.ListAsync(user, DeviceTypes.FromSlug(Type)?.Type, null, null, ct);
        Counts = DeviceQueries.Statuses.ToDictionary(s => s, s => all.Count(d => d.Status == s));
        Devices = all.Where(d => Status is null || d.Status == Status).ToList();
        OpenAlarms = await Queries.AlarmsAsync(user, openOnly: true, null, 200, ct);
    }

    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    public static string Number(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "—";
}
