using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Geography;

namespace OneCity.Platform.Organisation.Users;

public sealed record UserSummary(
    string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? DepartmentCode,
    string JurisdictionCode, bool LockedOut, bool TwoFactorEnabled, DateTimeOffset CreatedAt);

public sealed record UserPage(IReadOnlyList<UserSummary> Items, int Page, int PageSize, int Total);

public sealed record UserQuery(string? Role = null, string? Department = null, string? Jurisdiction = null, int Page = 1, int PageSize = 50);

public sealed record CreateUserRequest(
    string? UserName, string? DisplayName, string? Role, string? DepartmentCode, string? JurisdictionCode, string? Password);

public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);

/// <summary>A new department and/or jurisdiction for an account; an empty field keeps the current value.</summary>
public sealed record SetAssignmentRequest(string? DepartmentCode, string? JurisdictionCode);

/// <summary>The account after an administrator's password reset, and the one-time password generated for it (shown once, never stored in clear).</summary>
public sealed record PasswordReset(UserSummary User, string Password);

public enum AdminFailure
{
    None,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
}

/// <summary>What a user-administration command did: a value, or why not (field errors for <see cref="AdminFailure.Invalid"/>).</summary>
public sealed record AdminOutcome<T>(T? Value, AdminFailure Failure = AdminFailure.None, IDictionary<string, string[]>? Errors = null, string? Detail = null)
{
    public bool Succeeded => Failure == AdminFailure.None;

    public static AdminOutcome<T> Ok(T value) => new(value);

    public static AdminOutcome<T> Invalid(IDictionary<string, string[]> errors) => new(default, AdminFailure.Invalid, errors);

    public static AdminOutcome<T> Invalid(string field, string rule) => Invalid(new Dictionary<string, string[]> { [field] = [rule] });

    public static AdminOutcome<T> Forbidden(string detail) => new(default, AdminFailure.Forbidden, Detail: detail);

    public static AdminOutcome<T> NotFound(string detail) => new(default, AdminFailure.NotFound, Detail: detail);

    public static AdminOutcome<T> Conflict(string detail) => new(default, AdminFailure.Conflict, Detail: detail);

    /// <summary>The same failure for another value type.</summary>
    public AdminOutcome<TOther> As<TOther>() => new(default, Failure, Errors, Detail);
}

/// <summary>
/// Creating, locking, re-roling and re-assigning accounts and resetting their credentials, shared by the API and the
/// workbench page. A system administrator manages everyone; a department administrator only the accounts of their own
/// department, only within their own jurisdiction, and never a system administrator or the system-administrator role.
/// A jurisdiction must be an area or unit grid that exists (<see cref="AreaLocator"/>). Every change goes to the audit
/// ledger; every change that affects what an account may do renews its security stamp, which ends its sessions
/// (<see cref="SessionStamps"/>).
/// </summary>
public sealed partial class UserAdministration(
    PlatformDbContext db, UserManager<PlatformUser> users, AuditLedger ledger, TimeProvider clock, AreaLocator areas, SessionStamps stamps)
{
    public const int MaxPageSize = 200;

    /// <summary>True when the actor may administer users at all.</summary>
    public static bool IsUserAdministrator(CurrentUser actor) =>
        actor.IsInRole(Roles.SystemAdministrator) || (actor.IsInRole(Roles.DepartmentAdministrator) && actor.DepartmentCode is not null);

    /// <summary>True when the actor may change an account bound to <paramref name="departmentCode"/>.</summary>
    public static bool MayManage(CurrentUser actor, string? departmentCode) =>
        actor.IsInRole(Roles.SystemAdministrator)
        || (actor.IsInRole(Roles.DepartmentAdministrator) && actor.DepartmentCode is not null && actor.DepartmentCode == departmentCode);

    /// <summary>The form of an area code: 310000 (city), 6-digit district, 9-digit subdistrict, 12-digit neighbourhood, grid id (310101002001-0042).</summary>
    public static bool IsAreaCode(string? code) => code is not null && AreaCodePattern().IsMatch(code);

    public static bool IsUserName(string? name) => name is not null && UserNamePattern().IsMatch(name);

    /// <summary>True when the code is the city or an area or unit grid of the loaded geography.</summary>
    public bool AreaExists(string code) => code == AreaCodes.City || areas.Exists(code);

    public async Task<AdminOutcome<UserPage>> ListAsync(CurrentUser actor, UserQuery query, CancellationToken ct = default)
    {
        var department = query.Department;
        if (!actor.IsInRole(Roles.SystemAdministrator))
        {
            department ??= actor.DepartmentCode;
            if (!MayManage(actor, department))
            {
                return AdminOutcome<UserPage>.Forbidden("A department administrator sees only the accounts of their own department.");
            }
        }

        var errors = new Dictionary<string, string[]>();
        if (query.Role is not null && Roles.Find(query.Role) is null)
        {
            errors["role"] = ["unknown"];
        }

        if (query.Jurisdiction is not null && !IsAreaCode(query.Jurisdiction))
        {
            errors["jurisdiction"] = ["not-an-area-code"];
        }

        if (query.Page < 1)
        {
            errors["page"] = ["must-be-positive"];
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"between-1-and-{MaxPageSize}"];
        }

        if (errors.Count > 0)
        {
            return AdminOutcome<UserPage>.Invalid(errors);
        }

        var q = db.Users.AsNoTracking();
        if (query.Role is not null)
        {
            var roleId = await db.Roles.Where(r => r.Name == query.Role).Select(r => r.Id).FirstOrDefaultAsync(ct);
            q = q.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }

        if (department is not null)
        {
            q = q.Where(u => u.DepartmentCode == department);
        }

        if (query.Jurisdiction is not null && query.Jurisdiction != AreaCodes.City)
        {
            q = q.Where(u => u.JurisdictionCode.StartsWith(query.Jurisdiction));
        }

        var total = await q.CountAsync(ct);
        var page = await q.OrderBy(u => u.UserName).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var ids = page.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var items = page.Select(u => Summarise(u, byUser[u.Id].Order(StringComparer.Ordinal).ToList())).ToList();
        return AdminOutcome<UserPage>.Ok(new UserPage(items, query.Page, query.PageSize, total));
    }

    public async Task<AdminOutcome<UserSummary>> CreateAsync(CurrentUser actor, CreateUserRequest? request, CancellationToken ct = default)
    {
        request ??= new CreateUserRequest(null, null, null, null, null, null);
        var errors = new Errors();
        var userName = request.UserName?.Trim();
        var displayName = request.DisplayName?.Trim();
        var departmentCode = string.IsNullOrWhiteSpace(request.DepartmentCode) ? null : request.DepartmentCode.Trim();
        var jurisdiction = string.IsNullOrWhiteSpace(request.JurisdictionCode) ? null : request.JurisdictionCode.Trim();

        if (string.IsNullOrEmpty(userName))
        {
            errors.Add("userName", "required");
        }
        else if (!IsUserName(userName))
        {
            errors.Add("userName", "3-40 letters, digits, '.', '_' or '-'");
        }
        else if (await users.FindByNameAsync(userName) is not null)
        {
            errors.Add("userName", "taken");
        }

        if (string.IsNullOrEmpty(displayName))
        {
            errors.Add("displayName", "required");
        }
        else if (displayName.Length > 100)
        {
            errors.Add("displayName", "at-most-100-characters");
        }

        var role = string.IsNullOrWhiteSpace(request.Role) ? null : Roles.Find(request.Role.Trim());
        if (string.IsNullOrWhiteSpace(request.Role))
        {
            errors.Add("role", "required");
        }
        else if (role is null)
        {
            errors.Add("role", "unknown");
        }

        Department? department = null;
        var staff = role is null || Roles.IsStaff(role.Name);
        if (departmentCode is not null)
        {
            department = await db.Set<Department>().AsNoTracking().FirstOrDefaultAsync(d => d.Code == departmentCode, ct);
            if (!staff)
            {
                errors.Add("departmentCode", "must be empty for citizens and companies");
            }
            else if (department is null)
            {
                errors.Add("departmentCode", "unknown");
            }
        }
        else if (role is not null && staff)
        {
            errors.Add("departmentCode", "required for staff");
        }

        if (role is not null && !Roles.IsStaff(role.Name))
        {
            jurisdiction ??= AreaCodes.City;
        }

        CheckJurisdiction(errors, jurisdiction, department);

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "required");
        }
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, new PlatformUser { UserName = userName }, request.Password);
                foreach (var e in result.Errors)
                {
                    errors.Add("password", e.Code);
                }
            }
        }

        if (errors.Any)
        {
            return AdminOutcome<UserSummary>.Invalid(errors.ToDictionary());
        }

        // Checked after validation so that the caller learns about bad input even when not allowed to act.
        if (!MayManage(actor, departmentCode))
        {
            return AdminOutcome<UserSummary>.Forbidden("A department administrator creates accounts only in their own department.");
        }

        if (role!.Name == Roles.SystemAdministrator && !actor.IsInRole(Roles.SystemAdministrator))
        {
            return AdminOutcome<UserSummary>.Forbidden("Only a system administrator grants the system-administrator role.");
        }

        if (OutsideReach(actor, jurisdiction!) is { } refusal)
        {
            return AdminOutcome<UserSummary>.Forbidden(refusal);
        }

        var user = new PlatformUser
        {
            UserName = userName,
            DisplayName = displayName!,
            DepartmentCode = departmentCode,
            JurisdictionCode = jurisdiction!,
            CreatedAt = clock.GetUtcNow(),
        };
        // The account, its role and its ledger entry: all or nothing (never an account without its role).
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var created = await users.CreateAsync(user, request.Password!);
            if (!created.Succeeded)
            {
                var field = created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "userName";
                return AdminOutcome<UserSummary>.Invalid(field, string.Join(", ", created.Errors.Select(e => e.Code)));
            }

            if (await SaveInOrder(() => users.AddToRoleAsync(user, role.Name)) is { } refused)
            {
                return AdminOutcome<UserSummary>.Conflict(refused);
            }

            await ledger.AppendAsync(actor, new AuditRecord("user.created", "user", user.Id,
                Details: $"userName={user.UserName}; role={role.Name}; department={departmentCode}; jurisdiction={jurisdiction}"), ct);
            await tx.CommitAsync(ct);
        }

        return AdminOutcome<UserSummary>.Ok(Summarise(user, [role.Name]));
    }

    public Task<AdminOutcome<UserSummary>> LockAsync(CurrentUser actor, string id, CancellationToken ct = default) =>
        ChangeAsync(actor, id, "user.locked", async user =>
        {
            if (user.Id == actor.UserId)
            {
                return "You cannot lock your own account.";
            }

            return await SaveInOrder(
                () => users.SetLockoutEnabledAsync(user, true),
                () => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue),
                // A new security stamp ends the user's open cookie sessions at their next validation.
                () => users.UpdateSecurityStampAsync(user));
        }, ct);

    public Task<AdminOutcome<UserSummary>> UnlockAsync(CurrentUser actor, string id, CancellationToken ct = default) =>
        ChangeAsync(actor, id, "user.unlocked", user => SaveInOrder(
            () => users.SetLockoutEndDateAsync(user, null),
            () => users.ResetAccessFailedCountAsync(user)), ct);

    public async Task<AdminOutcome<UserSummary>> SetRolesAsync(CurrentUser actor, string id, SetRolesRequest? request, CancellationToken ct = default)
    {
        var wanted = (request?.Roles ?? []).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return AdminOutcome<UserSummary>.Invalid("roles", "at least one role");
        }

        var unknown = wanted.Where(r => Roles.Find(r) is null).ToList();
        if (unknown.Count > 0)
        {
            return AdminOutcome<UserSummary>.Invalid("roles", "unknown: " + string.Join(", ", unknown));
        }

        if (wanted.Any(Roles.IsStaff) && wanted.Any(r => !Roles.IsStaff(r)))
        {
            return AdminOutcome<UserSummary>.Invalid("roles", "staff and citizen roles cannot be mixed");
        }

        if (wanted.Contains(Roles.SystemAdministrator) && !actor.IsInRole(Roles.SystemAdministrator))
        {
            return AdminOutcome<UserSummary>.Forbidden("Only a system administrator grants the system-administrator role.");
        }

        return await ChangeAsync(actor, id, "user.roles-changed", async user =>
        {
            if (wanted.Any(Roles.IsStaff) != (user.DepartmentCode is not null))
            {
                return "Staff roles need a department; citizen and company roles need none.";
            }

            var current = await users.GetRolesAsync(user);
            if (current.Contains(Roles.SystemAdministrator) && !actor.IsInRole(Roles.SystemAdministrator))
            {
                return "Only a system administrator changes a system administrator's roles.";
            }

            if (user.Id == actor.UserId && current.Contains(Roles.SystemAdministrator) && !wanted.Contains(Roles.SystemAdministrator))
            {
                return "You cannot remove your own system-administrator role.";
            }

            return await SaveInOrder(
                () => users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal)),
                () => users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal)),
                () => users.UpdateSecurityStampAsync(user));
        }, ct, details: "roles=" + string.Join(",", wanted));
    }

    /// <summary>
    /// Moves an account to another department and/or jurisdiction (an empty field keeps the current value). The department
    /// must exist and serve the jurisdiction; the jurisdiction must be an existing area or unit grid. A department
    /// administrator keeps the account in their own department and within their own jurisdiction.
    /// </summary>
    public async Task<AdminOutcome<UserSummary>> SetAssignmentAsync(CurrentUser actor, string id, SetAssignmentRequest? request, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return AdminOutcome<UserSummary>.NotFound($"No user {id}.");
        }

        var roles = await users.GetRolesAsync(user);
        if (TargetRefusal(actor, user, roles) is { } forbidden)
        {
            return AdminOutcome<UserSummary>.Forbidden(forbidden);
        }

        var requestedDepartment = string.IsNullOrWhiteSpace(request?.DepartmentCode) ? null : request.DepartmentCode.Trim();
        var jurisdiction = string.IsNullOrWhiteSpace(request?.JurisdictionCode) ? null : request.JurisdictionCode.Trim();
        var errors = new Errors();
        if (requestedDepartment is null && jurisdiction is null)
        {
            errors.Add("departmentCode", "departmentCode or jurisdictionCode required");
            errors.Add("jurisdictionCode", "departmentCode or jurisdictionCode required");
            return AdminOutcome<UserSummary>.Invalid(errors.ToDictionary());
        }

        var staff = roles.Count == 0 ? user.DepartmentCode is not null : roles.Any(Roles.IsStaff);
        var departmentCode = staff ? requestedDepartment ?? user.DepartmentCode : null;
        Department? department = null;
        if (requestedDepartment is not null && !staff)
        {
            errors.Add("departmentCode", "must be empty for citizens and companies");
        }
        else if (departmentCode is not null)
        {
            department = await db.Set<Department>().AsNoTracking().FirstOrDefaultAsync(d => d.Code == departmentCode, ct);
            if (department is null)
            {
                errors.Add("departmentCode", "unknown");
            }
        }

        jurisdiction ??= user.JurisdictionCode;
        CheckJurisdiction(errors, jurisdiction, department);
        if (errors.Any)
        {
            return AdminOutcome<UserSummary>.Invalid(errors.ToDictionary());
        }

        if (!MayManage(actor, departmentCode))
        {
            return AdminOutcome<UserSummary>.Forbidden("A department administrator cannot move an account to another department.");
        }

        if (OutsideReach(actor, jurisdiction) is { } refusal)
        {
            return AdminOutcome<UserSummary>.Forbidden(refusal);
        }

        var summary = Summarise(user, [.. roles.Order(StringComparer.Ordinal)]);
        if (departmentCode == user.DepartmentCode && jurisdiction == user.JurisdictionCode)
        {
            return AdminOutcome<UserSummary>.Ok(summary);
        }

        var details = $"userName={user.UserName}; department={user.DepartmentCode}->{departmentCode}; jurisdiction={user.JurisdictionCode}->{jurisdiction}";
        user.DepartmentCode = departmentCode;
        user.JurisdictionCode = jurisdiction;
        // Department and jurisdiction travel in the sign-in's claims: a new stamp ends the sessions that carry the old ones.
        return await CommitAsync(actor, user, "user.assignment-changed", details, () => SaveInOrder(() => users.UpdateSecurityStampAsync(user)), ct)
            ?? AdminOutcome<UserSummary>.Ok(Summarise(user, summary.Roles));
    }

    /// <summary>
    /// Gives the account a new generated password, returned once to the administrator (the ledger records the reset,
    /// never the password), and ends the account's sessions. Not for one's own account (the security page is).
    /// </summary>
    public async Task<AdminOutcome<PasswordReset>> ResetPasswordAsync(CurrentUser actor, string id, CancellationToken ct = default)
    {
        string? password = null;
        var outcome = await ChangeAsync(actor, id, "user.password-reset", async user =>
        {
            if (user.Id == actor.UserId)
            {
                return "Change your own password on the security page.";
            }

            password = GeneratePassword(users.Options.Password.RequiredLength);
            // Resetting through a reset token renews the security stamp as well.
            var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
            return result.Succeeded ? null : string.Join(", ", result.Errors.Select(e => e.Description));
        }, ct);
        return outcome.Succeeded ? AdminOutcome<PasswordReset>.Ok(new PasswordReset(outcome.Value!, password!)) : outcome.As<PasswordReset>();
    }

    /// <summary>
    /// Turns the account's two-factor sign-in off and gives it a new authenticator key (so the old authenticator app and
    /// recovery codes no longer work); the staff member enrols again on the security page. Ends the account's sessions.
    /// </summary>
    public Task<AdminOutcome<UserSummary>> ResetAuthenticatorAsync(CurrentUser actor, string id, CancellationToken ct = default) =>
        ChangeAsync(actor, id, "user.authenticator-reset", async user =>
        {
            if (user.Id == actor.UserId)
            {
                return "Manage your own authenticator on the security page.";
            }

            return await SaveInOrder(
                () => users.SetTwoFactorEnabledAsync(user, false),
                () => users.ResetAuthenticatorKeyAsync(user),
                // The old recovery codes are replaced by ones nobody sees; enrolling again issues new ones.
                async () => await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 1) is null ? IdentityResult.Failed() : IdentityResult.Success,
                () => users.UpdateSecurityStampAsync(user));
        }, ct);

    /// <summary>A random password of at least 16 characters with upper and lower case letters, digits and symbols (no look-alikes).</summary>
    public static string GeneratePassword(int minimumLength = 16)
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!@#$%&*-_+=?";
        const string all = upper + lower + digits + symbols;
        var chars = new List<char> { Pick(upper), Pick(lower), Pick(digits), Pick(symbols) };
        while (chars.Count < Math.Max(16, minimumLength))
        {
            chars.Add(Pick(all));
        }

        // Fisher-Yates, so the required classes are not always in front.
        for (var i = chars.Count - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }

        return new string([.. chars]);

        static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
    }

    /// <summary>Loads the target, checks the actor's reach, applies <paramref name="change"/> (which may refuse with a reason) and audits.</summary>
    private async Task<AdminOutcome<UserSummary>> ChangeAsync(
        CurrentUser actor, string id, string action, Func<PlatformUser, Task<string?>> change, CancellationToken ct, string? details = null)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return AdminOutcome<UserSummary>.NotFound($"No user {id}.");
        }

        if (TargetRefusal(actor, user, await users.GetRolesAsync(user)) is { } forbidden)
        {
            return AdminOutcome<UserSummary>.Forbidden(forbidden);
        }

        return await CommitAsync(actor, user, action, details ?? $"userName={user.UserName}", () => change(user), ct)
            ?? AdminOutcome<UserSummary>.Ok(Summarise(user, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)]));
    }

    /// <summary>
    /// Saves a change to an account and its ledger entry in one transaction, or nothing when <paramref name="save"/>
    /// refuses (409 with its reason); then drops the account's cached stamp again, since a request during the
    /// transaction may have read the old one. Null when committed.
    /// </summary>
    private async Task<AdminOutcome<UserSummary>?> CommitAsync(
        CurrentUser actor, PlatformUser user, string action, string details, Func<Task<string?>> save, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (await save() is { } refusal)
            {
                return AdminOutcome<UserSummary>.Conflict(refusal);
            }

            await ledger.AppendAsync(actor, new AuditRecord(action, "user", user.Id, Details: details), ct);
            await tx.CommitAsync(ct);
        }

        stamps.Forget(user.Id);
        return null;
    }

    /// <summary>Runs Identity saves in order and stops at the first one refused (e.g. the row changed at the same time).</summary>
    private static async Task<string?> SaveInOrder(params Func<Task<IdentityResult>>[] saves)
    {
        foreach (var save in saves)
        {
            if (!(await save()).Succeeded)
            {
                return ChangedMeanwhile;
            }
        }

        return null;
    }

    /// <summary>What a change answers when Identity refused to save it (e.g. the row changed at the same time); nothing is ledgered.</summary>
    private const string ChangedMeanwhile = "The account was changed at the same time and this change was not saved; try again.";

    /// <summary>Why the actor may not touch this account at all, or null.</summary>
    private static string? TargetRefusal(CurrentUser actor, PlatformUser user, IList<string> roles)
    {
        if (!MayManage(actor, user.DepartmentCode))
        {
            return "A department administrator manages only the accounts of their own department.";
        }

        // Nor an account whose jurisdiction reaches beyond their own (e.g. the district-wide administrator of their department).
        if (!actor.IsInRole(Roles.SystemAdministrator) && !actor.Covers(user.JurisdictionCode))
        {
            return $"A department administrator manages only accounts within their own jurisdiction ({actor.JurisdictionCode}).";
        }

        return roles.Contains(Roles.SystemAdministrator) && !actor.IsInRole(Roles.SystemAdministrator)
            ? "Only a system administrator manages a system administrator's account."
            : null;
    }

    /// <summary>Why the actor may not grant this jurisdiction (a department administrator grants only within their own), or null.</summary>
    private static string? OutsideReach(CurrentUser actor, string jurisdiction) =>
        actor.IsInRole(Roles.SystemAdministrator) || actor.Covers(jurisdiction)
            ? null
            : $"A department administrator grants only jurisdictions within their own ({actor.JurisdictionCode}).";

    /// <summary>Required, an area code in form, an area or unit grid that exists, and inside the department's area.</summary>
    private void CheckJurisdiction(Errors errors, string? jurisdiction, Department? department)
    {
        if (jurisdiction is null)
        {
            errors.Add("jurisdictionCode", "required");
        }
        else if (!IsAreaCode(jurisdiction))
        {
            errors.Add("jurisdictionCode", "not-an-area-code");
        }
        else if (!AreaExists(jurisdiction))
        {
            errors.Add("jurisdictionCode", "unknown-area");
        }
        else if (department is not null && !AreaCodes.Covers(department.AreaCode, jurisdiction))
        {
            errors.Add("jurisdictionCode", $"outside the department's area {department.AreaCode}");
        }
    }

    private UserSummary Summarise(PlatformUser u, IReadOnlyList<string> roles) => new(
        u.Id, u.UserName ?? "", u.DisplayName, roles, u.DepartmentCode, u.JurisdictionCode,
        u.LockoutEnd is { } end && end > clock.GetUtcNow(), u.TwoFactorEnabled, u.CreatedAt);

    /// <summary>Field errors in the shape ProblemDetails wants.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> byField = new(StringComparer.Ordinal);

        public bool Any => byField.Count > 0;

        public void Add(string field, string rule)
        {
            if (!byField.TryGetValue(field, out var list))
            {
                byField[field] = list = [];
            }

            list.Add(rule);
        }

        public Dictionary<string, string[]> ToDictionary() => byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^31\d{4}(\d{3}(\d{3}(-\d{4})?)?)?$")]
    private static partial Regex AreaCodePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$")]
    private static partial Regex UserNamePattern();
}

public static class OrganisationRegistration
{
    /// <summary>Services of the organisation capability beyond Identity itself (user administration, directory look-ups).</summary>
    public static IServiceCollection AddOrganisation(this IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        services.AddScoped<OrganisationDirectory>();
        return services;
    }
}
