using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Geography;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Account;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Organisation;

/// <summary>Fresh accounts for tests that change an account's state (lockout, 2FA), so the demo accounts stay as they are.</summary>
public static partial class Accounts
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

    /// <summary>A client signed in through the login page, with the session cookie (no bearer token).</summary>
    public static async Task<HttpClient> CookieClientAsync(OneCityFactory app, string userName, string password = Password)
    {
        var client = app.CreateApiClient();
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        // A redirect to the entrance (which the real-HTTP client follows).
        Assert.True(response.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.OK);
        Assert.DoesNotContain("id=\"username\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return client;
    }

    /// <summary>A unit grid that exists in the district (its id is a neighbourhood code, a dash and a sequence).</summary>
    public static string GridIn(OneCityFactory app, string district)
    {
        var locator = app.Services.GetRequiredService<AreaLocator>();
        foreach (var area in locator.NamedAreas().Where(a => a.Level == AreaLevel.Neighbourhood && a.Code.StartsWith(district, StringComparison.Ordinal)).OrderBy(a => a.Code))
        {
            if (locator.InteriorPoint(area.Code) is { } point && locator.Locate(point.Lon, point.Lat)?.Grid is { } grid)
            {
                return grid.Id;
            }
        }

        throw new InvalidOperationException($"No unit grid in {district}.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
