using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;
using OneCity.Web.Tests.Organisation;

namespace OneCity.Web.Tests.Account;

public sealed class TwoFactorApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ApiLoginAsksForTheCodeAndAcceptsIt(Db db)
    {
        var (_, name) = await Accounts.CreateAsync(apps, db);
        var key = await Accounts.EnableTwoFactorAsync(apps.Get(db), name);
        var client = apps.Client(db);

        var withoutCode = await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = Accounts.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Equal("Two-factor code required", (await withoutCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        var wrongCode = await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = Accounts.Password, twoFactorCode = "000000" == Totp.Code(key) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);

        var withCode = await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = Accounts.Password, twoFactorCode = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.False(string.IsNullOrEmpty((await withCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()));
    }
}
