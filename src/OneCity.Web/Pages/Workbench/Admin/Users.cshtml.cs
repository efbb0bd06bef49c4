using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Web.Pages.Workbench.Admin;

/// <summary>Lists, creates, locks and unlocks accounts; the same rules as <c>/api/admin/users</c> (UserAdministration).</summary>
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

    private async Task<IActionResult> AfterAsync(AdminOutcome<UserSummary> outcome)
    {
        if (outcome.Failure == AdminFailure.Forbidden)
        {
            return Forbid();
        }

        if (outcome.Failure == AdminFailure.NotFound)
        {
            return NotFound();
        }

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
