using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;
using OneCity.Platform.Registries.ELicences;
using OneCity.Web.Hosting;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Registries;

/// <summary>The public verification page and JSON at /verify/{id}, and its QR code.</summary>
public sealed class LicenceVerificationTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task JsonCallersGetTheVerificationWithoutPersonalData(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CitizenLicenceAsync(db, "marriage-certificate");
        var client = apps.Client(db);
        var response = await GetAsync(client, $"/verify/{id}", "application/json");
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        var v = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, v.GetProperty("id").GetString());
        Assert.Equal("genuine", v.GetProperty("verdict").GetString());
        Assert.True(v.GetProperty("signatureValid").GetBoolean());
        Assert.True(v.GetProperty("current").GetBoolean());
        Assert.Equal("marriage-certificate", v.GetProperty("type").GetString());
        Assert.Equal("结婚证", v.GetProperty("typeNameZh").GetString());
        Assert.Equal("310101-MZ", v.GetProperty("issuerDepartmentCode").GetString());
        Assert.Equal("张*", v.GetProperty("holder").GetString());
        Assert.Equal(new Uri(client.BaseAddress!, $"/verify/{id}").ToString(), v.GetProperty("verifyUrl").GetString());

        // No name, identity number, person id or licence number in clear.
        Assert.DoesNotContain("张伟", body, StringComparison.Ordinal);
        Assert.DoesNotContain("P00000001", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{17}[\dX]", body);
        Assert.False(v.TryGetProperty("number", out _));
        Assert.False(v.TryGetProperty("holderId", out _));

        // The same answer as the kernel's JSON endpoint for what both say.
        var api = await client.GetFromJsonAsync<JsonElement>($"/api/registries/elicences/{id}/verify", ct);
        foreach (var name in new[] { "signatureValid", "current", "status", "type", "issuerDepartmentCode", "issuedOn", "publicKey" })
        {
            Assert.Equal(api.GetProperty(name).ToString(), v.GetProperty(name).ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BrowsersGetThePageInChineseWithItsQrCode(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CitizenLicenceAsync(db, "marriage-certificate");
        var client = apps.Client(db);
        var response = await GetAsync(client, $"/verify/{id}", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("真实有效", html, StringComparison.Ordinal);
        Assert.Contains("结婚证", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("张*", html, StringComparison.Ordinal);
        Assert.DoesNotContain("张伟", html, StringComparison.Ordinal);
        Assert.DoesNotContain("P00000001", html, StringComparison.Ordinal);

        // No Accept header at all: the page. English on request.
        Assert.Equal("text/html", (await client.GetAsync($"/verify/{id}", ct)).Content.Headers.ContentType?.MediaType);
        var english = WebUtility.HtmlDecode(await client.GetStringAsync($"/verify/{id}?culture=en&ui-culture=en", ct));
        Assert.Contains("Genuine and valid", english, StringComparison.Ordinal);
        Assert.Contains("Marriage certificate", english, StringComparison.Ordinal);

        // The QR code encodes the absolute address of the page.
        var qr = await client.GetAsync($"/verify/{id}/qr.svg", ct);
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
        var svg = await qr.Content.ReadAsStringAsync(ct);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Equal(QrCodes.Svg(new Uri(client.BaseAddress!, $"/verify/{id}").ToString()), svg);
        Assert.NotEqual(QrCodes.Svg(new Uri(client.BaseAddress!, "/verify/EL00000000").ToString()), svg);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task UnknownLicencesAre404(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = apps.Client(db);
        var json = await GetAsync(client, "/verify/EL99999999", "application/json");
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EL99999999", await json.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var page = await GetAsync(client, "/verify/EL99999999", "text/html");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("未找到该电子证照", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(ct)), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/verify/EL99999999/qr.svg", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, "/verify/" + new string('X', 60), "application/json")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TamperedRevokedAndExpiredLicencesShowAsNotGenuine(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var services = apps.Get(db).Services;
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        string signatureChanged, numberChanged, contentChanged, revoked, expired;
        using (var scope = services.CreateScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            // Licences of households far from the demo citizen's, current ones for the first four.
            var current = await context.Set<ELicence>().AsNoTracking()
                .Where(l => l.TypeCode == ELicenceTypes.HukouBooklet && l.HolderId.CompareTo("P00000400") > 0 && l.Status == ELicenceStatus.Valid)
                .OrderByDescending(l => l.Id).Select(l => new { l.Id, l.Signature, l.DataCipher }).Take(4).ToListAsync(ct);
            Assert.Equal(4, current.Count);
            (signatureChanged, numberChanged, contentChanged, revoked) = (current[0].Id, current[1].Id, current[2].Id, current[3].Id);
            expired = await context.Set<ELicence>().AsNoTracking()
                .Where(l => l.ValidUntil < today && l.Status == ELicenceStatus.Valid && l.HolderId.CompareTo("P00000400") > 0)
                .OrderByDescending(l => l.Id).Select(l => l.Id).FirstAsync(ct);

            // Alter what is stored, as someone with database access would.
            var flipped = (current[0].Signature[^1] == '0' ? '1' : '0').ToString();
            await context.Set<ELicence>().Where(l => l.Id == signatureChanged).ExecuteUpdateAsync(s => s.SetProperty(l => l.Signature, current[0].Signature[..^1] + flipped), ct);
            await context.Set<ELicence>().Where(l => l.Id == numberChanged).ExecuteUpdateAsync(s => s.SetProperty(l => l.Number, "HK-FORGED-0001"), ct);
            var cipher = current[2].DataCipher;
            var middle = cipher.Length / 2;
            var altered = cipher[..middle] + (cipher[middle] == 'A' ? 'B' : 'A') + cipher[(middle + 1)..];
            await context.Set<ELicence>().Where(l => l.Id == contentChanged).ExecuteUpdateAsync(s => s.SetProperty(l => l.DataCipher, altered), ct);
            await context.Set<ELicence>().Where(l => l.Id == revoked).ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, ELicenceStatus.Revoked), ct);
        }

        var client = apps.Client(db);
        foreach (var (id, verdict) in new[] { (signatureChanged, "tampered"), (numberChanged, "tampered"), (contentChanged, "tampered"), (revoked, "revoked"), (expired, "expired") })
        {
            var response = await GetAsync(client, $"/verify/{id}", "application/json");
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id}: {(int)response.StatusCode} {body}");
            var v = JsonDocument.Parse(body).RootElement;
            Assert.Equal(verdict, v.GetProperty("verdict").GetString());
            Assert.False(v.GetProperty("current").GetBoolean());
            Assert.Equal(verdict != "tampered", v.GetProperty("signatureValid").GetBoolean());
        }

        var page = WebUtility.HtmlDecode(await (await GetAsync(client, $"/verify/{signatureChanged}", "text/html")).Content.ReadAsStringAsync(ct));
        Assert.Contains("证照已被篡改", page, StringComparison.Ordinal);
        Assert.DoesNotContain("真实有效", page, StringComparison.Ordinal);
        Assert.Contains("已注销", WebUtility.HtmlDecode(await (await GetAsync(client, $"/verify/{revoked}", "text/html")).Content.ReadAsStringAsync(ct)), StringComparison.Ordinal);
        Assert.Contains("已过期", WebUtility.HtmlDecode(await (await GetAsync(client, $"/verify/{expired}", "text/html")).Content.ReadAsStringAsync(ct)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ThePortalListsTheCitizensLicencesWithQrCodesAndVerifyLinks(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CitizenLicenceAsync(db, "marriage-certificate");
        // Pages accept the bearer sign-in as well as the cookie.
        var client = await apps.ClientAs(db, "citizen");
        var portal = WebUtility.HtmlDecode(await client.GetStringAsync("/portal", ct));
        Assert.Contains("我的电子证照", portal, StringComparison.Ordinal);
        Assert.Contains($"src=\"/verify/{id}/qr.svg\"", portal, StringComparison.Ordinal);
        Assert.Contains($"href=\"/verify/{id}\"", portal, StringComparison.Ordinal);
    }

    private async Task<string> CitizenLicenceAsync(Db db, string type)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var licences = await citizen.GetFromJsonAsync<JsonElement>("/api/registries/me/elicences");
        return licences.EnumerateArray().First(l => l.GetProperty("type").GetString() == type && l.GetProperty("holderId").GetString() == "P00000001").GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string accept)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.Accept.ParseAdd(accept);
        return client.SendAsync(message);
    }
}
