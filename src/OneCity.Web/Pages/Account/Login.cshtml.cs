using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users, AuditLedger ledger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码。";
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Username, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl });
        }

        await ledger.RecordAsync(Username, result, "web");
        if (result.IsLockedOut)
        {
            Error = "尝试次数过多，账户已暂时锁定。";
            return Page();
        }

        if (!result.Succeeded)
        {
            Error = "用户名或密码错误。";
            return Page();
        }

        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        var user = await users.FindByNameAsync(Username);
        var roles = user is null ? [] : await users.GetRolesAsync(user);
        return LocalRedirect(EntranceOf(roles));
    }

    internal static string EntranceOf(IEnumerable<string> roles) => Hosting.Capabilities.PathOf(Roles.EntranceOf(roles));
}
