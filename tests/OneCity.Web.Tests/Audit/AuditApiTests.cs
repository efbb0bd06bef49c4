using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Audit;

public sealed class AuditApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task SignInsAreLedgeredAndTheChainVerifies(Db db)
    {
        await apps.ClientAs(db, "dispatcher");
        await apps.Client(db).PostAsJsonAsync("/api/auth/login", new { username = "dispatcher", password = "wrong-Password-1" });
        var auditor = await apps.ClientAs(db, "auditor");

        var page = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?actor=dispatcher&action=auth.");
        var actions = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()).ToList();
        Assert.Contains("auth.signed-in", actions);
        Assert.Contains("auth.failed", actions);
        var first = page.GetProperty("items")[0];
        Assert.Matches("^[0-9a-f]{64}$", first.GetProperty("hash").GetString());
        Assert.Equal(64, first.GetProperty("previousHash").GetString()!.Length);

        var verify = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        Assert.True(verify.GetProperty("entries").GetInt64() >= 3);
        Assert.False(verify.TryGetProperty("failedAt", out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyAuditorsAndAdministratorsReadTheLedger(Db db)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync("/api/audit/verify")).StatusCode);
        foreach (var user in new[] { "dispatcher", "citizen", "clerk" })
        {
            var client = await apps.ClientAs(db, user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit/verify")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit/entries")).StatusCode);
        }

        var admin = await apps.ClientAs(db, "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/audit/entries?pageSize=5")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadFiltersAreA400NamingTheField(Db db)
    {
        var auditor = await apps.ClientAs(db, "auditor");
        foreach (var (query, field) in new[] { ("from=yesterday", "from"), ("to=2025-13-01", "to"), ("page=0", "page"), ("pageSize=1000", "pageSize") })
        {
            var response = await auditor.GetAsync("/api/audit/entries?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");
        var ok = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?from={today}&to={today}&pageSize=1");
        Assert.True(ok.GetProperty("total").GetInt64() >= 1);
    }

    /// <summary>Its own app, so that tampering does not break the shared apps' ledgers.</summary>
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TamperingWithTheDatabaseIsFoundAtTheTamperedEntry(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        await using var app = new OneCityFactory(db);
        var anonymous = app.CreateApiClient();
        foreach (var user in new[] { "dispatcher", "citizen", "clerk", "inspector", "commander", "steward" })
        {
            var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = user, password = "OneCity-demo-1" });
            login.EnsureSuccessStatusCode();
        }

        var auditorLogin = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "auditor", password = "OneCity-demo-1" });
        var token = (await auditorLogin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var auditor = app.CreateApiClient();
        auditor.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var before = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(before.GetProperty("ok").GetBoolean(), before.ToString());
        var total = before.GetProperty("entries").GetInt64();
        Assert.True(total >= 7);
        var target = (await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?actor=clerk")).GetProperty("items")[0].GetProperty("seq").GetInt64();

        async Task Sql(string sql)
        {
            using var scope = app.Services.CreateScope();
            var context = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            await context.Database.ExecuteSqlRawAsync(sql);
        }

        async Task<JsonElement> Verify() => await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");

        // 1. An edited row.
        await Sql($"UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {target}");
        var edited = await Verify();
        Assert.False(edited.GetProperty("ok").GetBoolean());
        Assert.Equal(target, edited.GetProperty("failedAt").GetInt64());
        Assert.Equal(target - 1, edited.GetProperty("entries").GetInt64());
        Assert.Contains("altered", edited.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await Sql($"UPDATE audit_entries SET actor = 'clerk' WHERE seq = {target}");
        Assert.True((await Verify()).GetProperty("ok").GetBoolean());

        // 2. Two rows swapped.
        var swap = $"UPDATE audit_entries SET seq = -1 WHERE seq = {target}; UPDATE audit_entries SET seq = {target} WHERE seq = {target + 1}; UPDATE audit_entries SET seq = {target + 1} WHERE seq = -1;";
        await Sql(swap);
        var reordered = await Verify();
        Assert.False(reordered.GetProperty("ok").GetBoolean());
        Assert.Equal(target, reordered.GetProperty("failedAt").GetInt64());
        await Sql(swap);
        Assert.True((await Verify()).GetProperty("ok").GetBoolean());

        // 3. A deleted row.
        await Sql($"DELETE FROM audit_entries WHERE seq = {target}");
        var deleted = await Verify();
        Assert.False(deleted.GetProperty("ok").GetBoolean());
        Assert.Equal(target, deleted.GetProperty("failedAt").GetInt64());
        Assert.Contains("missing", deleted.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
