using Microsoft.AspNetCore.Http.HttpResults;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Live;

/// <summary>The area an operations-centre view asks for: the user's jurisdiction by default, never outside it.</summary>
internal static class AreaScope
{
    /// <summary>
    /// The area to show, or why not: a malformed code is a 400 naming <c>area</c>; an area outside the user's jurisdiction
    /// is a 403 (auditors and administrators see every area).
    /// </summary>
    public static (string Area, ValidationProblem? Invalid, ProblemHttpResult? Forbidden) Resolve(CurrentUser user, string? area)
    {
        area ??= user.JurisdictionCode;
        if (area.Length is not (6 or 9) || !area.All(char.IsAsciiDigit) || !area.StartsWith("31", StringComparison.Ordinal))
        {
            return (area, Problems.Invalid("area", "the city (310000), a district (6 digits) or a subdistrict (9 digits) code"), null);
        }

        return user.Covers(area) || user.IsInRole(Roles.Auditor) || user.IsInRole(Roles.SystemAdministrator)
            ? (area, null, null)
            : (area, null, Problems.Forbidden($"Area {area} is outside your jurisdiction ({user.JurisdictionCode})."));
    }
}
