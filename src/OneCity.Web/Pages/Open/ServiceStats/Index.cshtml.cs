using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Ratings;

namespace OneCity.Web.Pages.Open.ServiceStats;

/// <summary>Public statistics of government services (好差评公开): ratings, rectifications and timeliness per department.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    internal ServiceStatsView? Stats { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(CancellationToken ct) =>
        Stats = await HttpContext.RequestServices.GetRequiredService<GovServices.Ratings.ServiceStats>().DepartmentsAsync(ct);

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Average(double? stars) => stars is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}
