using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Web.Pages.Workbench.Admin;

/// <summary>
/// Lists, creates, locks and unlocks accounts, changes their roles, department and jurisdiction, and resets their
/// password or authenticator; the same rules as <c>/api/admin/users</c> (UserAdministration).
/// </summary>
public sealed class UsersModel(UserAdministration admin, OrganisationDirectory directory) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "role")]
    public string? FilterRole { get; set; }

    [BindProperty(SupportsGet = true, Name = "department")]
    public string? FilterDepartment { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public NewUser Input { get; set; } = new();

    /// <summary>The roles ticked in an account's row (handler Roles).</summary>
    [BindProperty]
    public List<string> SelectedRoles { get; set; } = [];

    /// <summary>The department typed in an account's row (handler Assignment).</summary>
    [BindProperty]
    public string? RowDepartment { get; set; }

    /// <summary>The jurisdiction typed in an account's row (handler Assignment).</summary>
    [BindProperty]
    public string? RowJurisdiction { get; set; }

    /// <summary>The account whose row was just changed (its management panel stays open, its field errors shown there).</summary>
    public string? EditedId { get; private set; }

    public IDictionary<string, string[]> RowErrors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>What the last row action did, e.g. "roles saved".</summary>
    public string? Done { get; private set; }

    /// <summary>After a password reset: the account and its one-time password, shown this once.</summary>
    public PasswordReset? Reset { get; private set; }

    public UserPage? Users { get; private set; }

    public IReadOnlyList<BilingualName> Departments { get; private set; } = [];

    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Problem { get; private set; }

    public string? Created { get; private set; }

    public bool IsSystemAdministrator => CurrentUser.From(User).IsInRole(Roles.SystemAdministrator);

    public sealed class NewUser
    {
        public string? UserName { get; set; }

        public string? DisplayName { get; set; }

        public string? Role { get; set; }

        public string? DepartmentCode { get; set; }

        public string? JurisdictionCode { get; set; }

        public string? Password { get; set; }
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var me = CurrentUser.From(User);
        var outcome = await admin.CreateAsync(me, new CreateUserRequest(
            Input.UserName, Input.DisplayName, Input.Role, Input.DepartmentCode ?? (IsSystemAdministrator ? null : me.DepartmentCode),
            Input.JurisdictionCode, Input.Password), HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            Created = outcome.Value!.UserName;
            Input = new NewUser();
        }
        else
        {
            Errors = outcome.Errors ?? new Dictionary<string, string[]>();
            Problem = outcome.Detail;
        }

        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostLockAsync(string id) => await AfterAsync(await admin.LockAsync(CurrentUser.From(User), id, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostUnlockAsync(string id) => await AfterAsync(await admin.UnlockAsync(CurrentUser.From(User), id, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostRolesAsync(string id) =>
        await AfterAsync(await admin.SetRolesAsync(CurrentUser.From(User), id, new SetRolesRequest(SelectedRoles), HttpContext.RequestAborted), id, "roles");

    public async Task<IActionResult> OnPostAssignmentAsync(string id) =>
        await AfterAsync(await admin.SetAssignmentAsync(CurrentUser.From(User), id, new SetAssignmentRequest(RowDepartment, RowJurisdiction), HttpContext.RequestAborted), id, "assignment");

    public async Task<IActionResult> OnPostResetAuthenticatorAsync(string id) =>
        await AfterAsync(await admin.ResetAuthenticatorAsync(CurrentUser.From(User), id, HttpContext.RequestAborted), id, "authenticator");

    public async Task<IActionResult> OnPostResetPasswordAsync(string id)
    {
        var outcome = await admin.ResetPasswordAsync(CurrentUser.From(User), id, HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            Reset = outcome.Value;
            // The one-time password is in this response only: no cache keeps it.
            Response.Headers.CacheControl = "no-store";
        }

        return await AfterAsync(outcome.Succeeded ? AdminOutcome<UserSummary>.Ok(outcome.Value!.User) : outcome.As<UserSummary>(), id, "password");
    }

    private async Task<IActionResult> AfterAsync(AdminOutcome<UserSummary> outcome, string? id = null, string? done = null)
    {
        if (outcome.Failure == AdminFailure.Forbidden && done is null)
        {
            return Forbid();
        }

        if (outcome.Failure == AdminFailure.NotFound)
        {
            return NotFound();
        }

        if (outcome.Failure == AdminFailure.Forbidden)
        {
            // A choice in the row's form went beyond the administrator's reach: say why next to it.
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        EditedId = id;
        RowErrors = outcome.Errors ?? new Dictionary<string, string[]>();
        Done = outcome.Succeeded ? done : null;
        Problem = outcome.Detail;
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var me = CurrentUser.From(User);
        var outcome = await admin.ListAsync(me, new UserQuery(
            string.IsNullOrEmpty(FilterRole) ? null : FilterRole,
            string.IsNullOrEmpty(FilterDepartment) ? null : FilterDepartment,
            null, Math.Max(1, PageNumber), PageSize), HttpContext.RequestAborted);
        if (outcome.Failure == AdminFailure.Forbidden)
        {
            return Forbid();
        }

        Users = outcome.Value;
        Problem ??= outcome.Errors is null ? null : string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
        Departments = IsSystemAdministrator
            ? await directory.DepartmentsAsync(HttpContext.RequestAborted)
            : await directory.DepartmentAsync(me.DepartmentCode, HttpContext.RequestAborted) is { } own ? [own] : [];
        return Page();
    }
}
