using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Web.Hosting;

namespace OneCity.Web.Pages.Account;

/// <summary>
/// Password change for everyone; authenticator-app second factor (TOTP) for staff only. Citizens and companies
/// sign in through the national/municipal identity services in real life, so OneCity does not offer them a
/// second factor of its own.
/// </summary>
public sealed class SecurityModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, AuditLedger ledger) : PageModel
{
    public const string Issuer = "OneCity";

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public bool IsStaff { get; private set; }

    public bool TwoFactorEnabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>Set while enrolling: the shared key (grouped for reading) and the QR code of its otpauth URI.</summary>
    public string? SharedKey { get; private set; }

    public string? RawKey { get; private set; }

    public string? QrSvg { get; private set; }

    public string? AuthenticatorUri { get; private set; }

    /// <summary>Shown once, right after they are generated.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public List<string> Errors { get; } = [];

    public string? Notice { get; private set; }

    /// <summary>Which form an error belongs to, so the page can put it next to that form.</summary>
    public string? ErrorSection { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        ErrorSection = "password";
        if (string.IsNullOrEmpty(CurrentPassword) || string.IsNullOrEmpty(NewPassword))
        {
            Errors.Add("请填写当前密码和新密码。");
            return Page();
        }

        if (NewPassword != ConfirmPassword)
        {
            Errors.Add("两次输入的新密码不一致。");
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, CurrentPassword, NewPassword);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => PasswordErrors.GetValueOrDefault(e.Code, "密码不符合要求。")).Distinct());
            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        await ledger.AppendAsync(CurrentUser.From(User), new AuditRecord("account.password-changed", "user", user.Id));
        ErrorSection = null;
        Notice = "密码已修改。";
        return Page();
    }

    public async Task<IActionResult> OnPostSetupAsync()
    {
        var user = await LoadAsync();
        if (user is null || !IsStaff)
        {
            return Forbid();
        }

        if (TwoFactorEnabled)
        {
            return Page();
        }

        // A fresh key for every enrolment, so that an abandoned QR code never becomes valid later.
        await users.ResetAuthenticatorKeyAsync(user);
        // A new key renews the security stamp, which would end this very session at its next request.
        await signIn.RefreshSignInAsync(user);
        await ShowKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await LoadAsync();
        if (user is null || !IsStaff)
        {
            return Forbid();
        }

        if (TwoFactorEnabled)
        {
            return Page();
        }

        ErrorSection = "2fa";
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            Errors.Add("请先生成密钥。");
            return Page();
        }

        if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Errors.Add("验证码无效，请核对手机上的时间后重试。");
            await ShowKeyAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await ledger.AppendAsync(CurrentUser.From(User), new AuditRecord("account.2fa-enabled", "user", user.Id));
        await signIn.RefreshSignInAsync(user);
        ErrorSection = null;
        Notice = "身份验证器已启用。";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await LoadAsync();
        if (user is null || !IsStaff || !TwoFactorEnabled)
        {
            return Forbid();
        }

        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await ledger.AppendAsync(CurrentUser.From(User), new AuditRecord("account.recovery-codes-regenerated", "user", user.Id));
        Notice = "已生成新的恢复码，旧恢复码失效。";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await LoadAsync();
        if (user is null || !IsStaff)
        {
            return Forbid();
        }

        ErrorSection = "disable";
        // Turning protection off needs the password, so an unattended session alone cannot do it.
        if (string.IsNullOrEmpty(CurrentPassword) || !await users.CheckPasswordAsync(user, CurrentPassword))
        {
            Errors.Add("当前密码不正确。");
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await ledger.AppendAsync(CurrentUser.From(User), new AuditRecord("account.2fa-disabled", "user", user.Id));
        await signIn.RefreshSignInAsync(user);
        ErrorSection = null;
        Notice = "身份验证器已停用。";
        await LoadAsync();
        return Page();
    }

    internal static readonly IReadOnlyDictionary<string, string> PasswordErrors = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PasswordMismatch"] = "当前密码不正确。",
        ["PasswordTooShort"] = "新密码至少 10 个字符。",
        ["PasswordRequiresDigit"] = "新密码须包含数字。",
        ["PasswordRequiresLower"] = "新密码须包含小写字母。",
        ["PasswordRequiresUpper"] = "新密码须包含大写字母。",
        ["PasswordRequiresNonAlphanumeric"] = "新密码须包含符号。",
    };

    /// <summary>The otpauth URI every authenticator app understands (Key Uri Format).</summary>
    internal static string OtpAuthUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";

    private async Task ShowKeyAsync(PlatformUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (key is null)
        {
            return;
        }

        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        SharedKey = grouped.ToString().TrimEnd().ToLowerInvariant();
        RawKey = key;
        AuthenticatorUri = OtpAuthUri(user.UserName ?? "", key);
        QrSvg = QrCodes.Svg(AuthenticatorUri);
    }

    private async Task<PlatformUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }

        IsStaff = (await users.GetRolesAsync(user)).Any(Roles.IsStaff);
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return user;
    }
}
