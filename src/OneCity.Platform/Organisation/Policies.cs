using Microsoft.AspNetCore.Authorization;

namespace OneCity.Platform.Organisation;

/// <summary>Named authorisation policies. Endpoints require one of these; jurisdiction is checked per object in handlers.</summary>
public static class Policies
{
    public const string Authenticated = "authenticated";
    public const string Staff = "staff";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";
    public const string PersonalDataReader = "personal-data-reader";
    public const string OperationsCentre = "operations-centre";
    public const string Citizen = "citizen";
    public const string RegistryReader = "registry-reader";
    public const string UserAdministrator = "user-administrator";

    /// <summary>Staff who work with residents' records (masked unless they also hold a personal-data role and state a purpose).</summary>
    public static readonly string[] RegistryReaderRoles =
        [Roles.CounterClerk, Roles.DepartmentReviewer, Roles.DepartmentAdministrator, Roles.DataSteward, Roles.Auditor, Roles.SystemAdministrator, Roles.Dispatcher, Roles.Commander];

    /// <summary>Roles that may reveal a full personal value, given a stated purpose.</summary>
    /// <remarks>Not auditors: they check who read what and why (the ledger holds ids, never values), which needs no value itself.</remarks>
    public static readonly string[] PersonalDataRoles = [Roles.CounterClerk, Roles.DepartmentReviewer, Roles.DataSteward];

    internal static void Configure(AuthorizationOptions o)
    {
        o.AddPolicy(Authenticated, p => p.RequireAuthenticatedUser());
        o.AddPolicy(Staff, p => p.RequireRole(Roles.All.Select(r => r.Name).Where(Roles.IsStaff)));
        o.AddPolicy(Auditor, p => p.RequireRole(Roles.Auditor, Roles.SystemAdministrator));
        o.AddPolicy(Administrator, p => p.RequireRole(Roles.SystemAdministrator));
        o.AddPolicy(PersonalDataReader, p => p.RequireRole(PersonalDataRoles));
        o.AddPolicy(OperationsCentre, p => p.RequireRole(Roles.Dispatcher, Roles.Commander, Roles.GridInspector, Roles.SystemAdministrator));
        o.AddPolicy(Citizen, p => p.RequireRole(Roles.Citizen, Roles.CompanyRepresentative));
        o.AddPolicy(RegistryReader, p => p.RequireRole(RegistryReaderRoles));
        // A department administrator's reach (their own department) is checked per account by UserAdministration.
        o.AddPolicy(UserAdministrator, p => p.RequireRole(Roles.SystemAdministrator, Roles.DepartmentAdministrator));
    }
}
