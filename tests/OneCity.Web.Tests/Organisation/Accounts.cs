using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Account;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Organisation;

/// <summary>Fresh accounts for tests that change an account's state (lockout, 2FA), so the demo accounts stay as they are.</summary>
public static class Accounts
{
    public const string Password = "Fresh-Passw0rd!";

    public static string NewName(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..8]}";

    public static async Task<(string Id, string UserName)> CreateAsync(
        Apps apps, Db db, string role = Roles.CounterClerk, string? department = "310101-MZ", string jurisdiction = "310101", string prefix = "t")
    {
        var admin = await apps.ClientAs(db, "admin");
        var name = NewName(prefix);
        var response = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = name, displayName = "测试 " + name, role, departmentCode = department, jurisdictionCode = jurisdiction, password = Password,
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, name);
    }

    /// <summary>Turns on the authenticator for an account directly, returning its shared key.</summary>
    public static async Task<string> EnableTwoFactorAsync(OneCityFactory app, string userName)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        Assert.True(await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Totp.Code(key)));
        await users.SetTwoFactorEnabledAsync(user, true);
        return key;
    }
}
