using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Web.Pages.Ops.Map;

/// <summary>
/// The operations centre's screen: a live map of open incidents over the area polygons of the user's jurisdiction
/// (no tile server: the polygons come from OneCity's geography API), a heat layer by area, and KPI panels; incidents
/// appear and change colour as they move through the loop, pushed over SignalR.
/// </summary>
[Authorize(Roles = Roles.Dispatcher + "," + Roles.Commander + "," + Roles.GridInspector + "," + Roles.SystemAdministrator)]
public sealed class IndexModel : PageModel
{
    public string Area { get; private set; } = AreaCodes.City;

    public string AreaName { get; private set; } = "";

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public void OnGet(string? area)
    {
        var user = CurrentUser.From(User);
        Area = area is { Length: 6 or 9 } a && a.All(char.IsAsciiDigit) && user.Covers(a) ? a : user.JurisdictionCode;
        var name = OrganisationDirectory.Area(Area);
        AreaName = English ? name.En : name.Zh;
    }
}
