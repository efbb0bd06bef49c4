using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Web.Pages.Ops.Vitals;

/// <summary>
/// The city's vital signs (城市体征) on the operations centre: every indicator's level for the city or a district, the
/// districts side by side, and a trend chart; the page refreshes itself from <c>/api/vitals</c>.
/// </summary>
public sealed class IndexModel : PageModel
{
    public string Area { get; private set; } = AreaCodes.City;

    public string AreaName { get; private set; } = "";

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public void OnGet(string? area)
    {
        var user = CurrentUser.From(User);
        var own = user.JurisdictionCode.Length >= 6 ? user.JurisdictionCode[..6] : AreaCodes.City;
        Area = area is { Length: 6 } a && a.All(char.IsAsciiDigit) && (user.Covers(a) || user.IsInRole(Roles.SystemAdministrator)) ? a : own;
        var name = OrganisationDirectory.Area(Area);
        AreaName = English ? name.En : name.Zh;
    }
}
