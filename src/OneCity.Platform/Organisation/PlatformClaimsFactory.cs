using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OneCity.Platform.Organisation;

/// <summary>Puts the user's department, jurisdiction and person into the sign-in so every request can authorise without a database round trip.</summary>
internal sealed class PlatformClaimsFactory(
    UserManager<PlatformUser> users, RoleManager<PlatformRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PlatformUser, PlatformRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PlatformUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        id.AddClaim(new Claim(PlatformClaims.DisplayName, user.DisplayName));
        id.AddClaim(new Claim(PlatformClaims.Jurisdiction, user.JurisdictionCode));
        if (user.DepartmentCode is not null)
        {
            id.AddClaim(new Claim(PlatformClaims.Department, user.DepartmentCode));
        }

        if (user.PersonId is not null)
        {
            id.AddClaim(new Claim(PlatformClaims.Person, user.PersonId));
        }

        return id;
    }
}

public static class PlatformClaims
{
    public const string DisplayName = "onecity:name";
    public const string Department = "onecity:dept";
    public const string Jurisdiction = "onecity:area";
    public const string Person = "onecity:person";
}

/// <summary>The signed-in user as the rest of the platform needs to know them.</summary>
public sealed record CurrentUser(string UserId, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? DepartmentCode, string JurisdictionCode, string? PersonId)
{
    public static readonly CurrentUser System = new("system", "system", "OneCity", [Organisation.Roles.SystemAdministrator], "SH-DSJ", AreaCodes.City, null);

    public string PrimaryRole => Roles.Count > 0 ? Roles[0] : "";

    public bool IsInRole(string role) => Roles.Contains(role);

    public bool Covers(string areaCode) => AreaCodes.Covers(JurisdictionCode, areaCode);

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return new CurrentUser("anonymous", "anonymous", "anonymous", [], null, AreaCodes.City, null);
        }

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        return new CurrentUser(
            principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(PlatformClaims.DisplayName) ?? "",
            roles,
            principal.FindFirstValue(PlatformClaims.Department),
            principal.FindFirstValue(PlatformClaims.Jurisdiction) ?? AreaCodes.City,
            principal.FindFirstValue(PlatformClaims.Person));
    }
}
