using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.CityOps.Open311;
using OneCity.Platform.Audit;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps.Open311;

/// <summary>Administrators issue and revoke Open311 API keys; only hashes are stored; every change is audited.</summary>
public sealed class Open311KeyTests(Apps apps)
{
    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnIssuedKeyWorksUntilItIsRevokedAndOnlyItsHashIsStored(Db db)
    {
        var app = apps.Get(db);
        var admin = await apps.ClientAs(db, "admin");
        var anonymous = apps.Client(db);
        var tag = O311.Tag();
        var name = "Client " + tag;

        await Ops.Field(await admin.PostAsJsonAsync("/api/cityops/open311/keys", new { name = " " }), "name");
        await Ops.Field(await admin.PostAsJsonAsync("/api/cityops/open311/keys", new { name = new string('n', 51) }), "name");

        var issued = await Ops.Ok(await admin.PostAsJsonAsync("/api/cityops/open311/keys", new { name }), HttpStatusCode.Created);
        var id = issued.GetProperty("id").GetInt64();
        var key = issued.GetProperty("apiKey").GetString()!;
        Assert.Equal(name, issued.GetProperty("name").GetString());
        Assert.Equal("admin", issued.GetProperty("createdBy").GetString());
        Assert.True(key.Length >= 32, key);

        // The list shows the client but never the key again.
        var list = await admin.GetStringAsync("/api/cityops/open311/keys");
        Assert.Contains(name, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);

        // The database holds the SHA-256 hash, not the key.
        using (var scope = app.Services.CreateScope())
        {
            var ops = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
            var row = await ops.Set<Open311Client>().AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal(Sha256(key), row.KeyHash);
            Assert.Null(row.RevokedAt);
        }

        // The key works: the report names the client as its source.
        var (lon, lat) = O311.Point(app);
        var posted = await O311.Json(await anonymous.PostAsync("/open311/v2/requests.json", O311.Form(
            ("api_key", key), ("service_code", "0204"), ("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            ("long", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("description", $"Open311 {tag}：路面坑洼"))), HttpStatusCode.Created);
        var reportId = long.Parse(Assert.Single(posted.EnumerateArray()).GetProperty("service_request_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        using (var scope = app.Services.CreateScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<CityOpsDbContext>().Set<Report>().AsNoTracking().SingleAsync(r => r.Id == reportId);
            Assert.Equal("open311:" + name, report.Source);
            Assert.Equal(ReportChannel.Open311, report.Channel);
        }

        // Revoked: the very next request is refused; revoking twice changes nothing; unknown ids are not found.
        var revoked = await Ops.Ok(await admin.DeleteAsync($"/api/cityops/open311/keys/{id}"));
        Assert.False(revoked.GetProperty("active").GetBoolean());
        Assert.Contains("api_key", await O311.JsonError(await anonymous.PostAsync("/open311/v2/requests.json", O311.Form(
            ("api_key", key), ("service_code", "0204"), ("address_string", "湖南路"), ("description", $"Open311 {tag}：又一个坑"))), HttpStatusCode.Forbidden), StringComparison.Ordinal);
        await O311.XmlError(await anonymous.PostAsync("/open311/v2/requests.xml", O311.Form(
            ("api_key", key), ("service_code", "0204"), ("address_string", "湖南路"), ("description", $"Open311 {tag}：又一个坑"))), HttpStatusCode.Forbidden);
        var again = await Ops.Ok(await admin.DeleteAsync($"/api/cityops/open311/keys/{id}"));
        Assert.Equal(revoked.GetProperty("revokedAt").GetString(), again.GetProperty("revokedAt").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/cityops/open311/keys/999999999")).StatusCode);

        // Issue and revoke are each in the audit ledger once.
        using (var scope = app.Services.CreateScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
            var entries = await ledger.SearchAsync(new AuditSearch(Action: "cityops.open311-key", ObjectType: "open311-client", ObjectId: id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(["cityops.open311-key-issued", "cityops.open311-key-revoked"], entries.Items.Select(e => e.Action).Order());
            Assert.All(entries.Items, e => Assert.Equal("admin", e.Actor));
            Assert.All(entries.Items, e => Assert.DoesNotContain(key, e.Details ?? "", StringComparison.Ordinal));
        }
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyAdministratorsManageKeys(Db db)
    {
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.GetAsync("/api/cityops/open311/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.PostAsJsonAsync("/api/cityops/open311/keys", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.DeleteAsync("/api/cityops/open311/keys/1")).StatusCode);
        var anonymous = apps.Client(db);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cityops/open311/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/cityops/open311/keys", new { name = "mine" })).StatusCode);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheDemoCityHasTheDemoKeyOnceByItsHash(Db db)
    {
        var app = apps.Get(db);
        var hash = Sha256(O311.DemoKey);
        using var scope = app.Services.CreateScope();
        var clients = await scope.ServiceProvider.GetRequiredService<CityOpsDbContext>().Set<Open311Client>().AsNoTracking()
            .Where(c => c.KeyHash == hash).ToListAsync();
        var demo = Assert.Single(clients);
        Assert.Equal(Open311Keys.DemoClientName, demo.Name);
        Assert.NotEqual(O311.DemoKey, demo.KeyHash);

        // Seeding again (a restart) adds nothing.
        await scope.ServiceProvider.GetRequiredService<Open311Keys>().SeedDemoAsync(CancellationToken.None);
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CityOpsDbContext>().Set<Open311Client>().CountAsync(c => c.KeyHash == hash));
    }
}
