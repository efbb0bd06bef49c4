using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Account;

/// <summary>The second step of signing in for accounts with an authenticator app: a 6-digit code or a recovery code.</summary>
[AllowAnonymous]
public sealed class LoginTwoFactorModel(SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users, AuditLedger ledger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // Only reachable between the password step and the code step.
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login", new { ReturnUrl }) : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (code.Length == 0)
        {
            Error = "请输入验证码。";
            return Page();
        }

        // Authenticator codes are six digits; anything else is tried as a recovery code.
        var isTotp = code.Length == 6 && code.All(char.IsAsciiDigit);
        var result = isTotp
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        await ledger.RecordAsync(user.UserName ?? user.Id, result, isTotp ? "web 2fa" : "web recovery code");
        if (result.IsLockedOut)
        {
            Error = "尝试次数过多，账户已暂时锁定。";
            return Page();
        }

        if (!result.Succeeded)
        {
            Error = "验证码无效。";
            return Page();
        }

        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        return LocalRedirect(LoginModel.EntranceOf(await users.GetRolesAsync(user)));
    }
}
