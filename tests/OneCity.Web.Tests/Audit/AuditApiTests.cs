using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;
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

        // A checkpoint of the head as it is now (the hourly one, early; another writer may sign a later one meanwhile).
        long signed;
        using (var scope = apps.Get(db).Services.CreateScope())
        {
            signed = await scope.ServiceProvider.GetRequiredService<AuditLedger>().CheckpointAsync() ?? await LastCheckpointAsync(scope);
        }

        var sealedChain = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(sealedChain.GetProperty("ok").GetBoolean(), sealedChain.ToString());
        var last = sealedChain.GetProperty("lastCheckpointSeq").GetInt64();
        Assert.True(last >= signed, sealedChain.ToString());
        Assert.True(sealedChain.GetProperty("lastCheckpointAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(sealedChain.GetProperty("entries").GetInt64() - last, sealedChain.GetProperty("unsignedEntries").GetInt64());

        static async Task<long> LastCheckpointAsync(IServiceScope scope) =>
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<AuditCheckpoint>().MaxAsync(c => c.Seq);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EntriesFilterByRoleAndDepartment(Db db)
    {
        // Sign-in entries carry no role (nobody is signed in yet): entries of known roles and departments, appended as a request would.
        var department = "T-" + Guid.NewGuid().ToString("N")[..8];
        var steward = new CurrentUser("u-steward", "steward-t", "steward-t", [Roles.DataSteward], department, "310000", null);
        var inspector = new CurrentUser("u-inspector", "inspector-t", "inspector-t", [Roles.GridInspector], department, "310000", null);
        long stewardSeq;
        using (var scope = apps.Get(db).Services.CreateScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
            stewardSeq = await ledger.AppendAsync(steward, new AuditRecord("test.role-filter", "dataset", department));
            await ledger.AppendAsync(inspector, new AuditRecord("test.role-filter", "dataset", department));
        }

        var auditor = await apps.ClientAs(db, "auditor");
        var stewards = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?role=data-steward&pageSize=200");
        var items = stewards.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal("data-steward", i.GetProperty("role").GetString()));
        Assert.Contains(items, i => i.GetProperty("seq").GetInt64() == stewardSeq);

        var inDepartment = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?department={department}");
        Assert.Equal(2, inDepartment.GetProperty("total").GetInt64());
        var both = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?department={department}&role=data-steward");
        Assert.Equal(stewardSeq, Assert.Single(both.GetProperty("items").EnumerateArray()).GetProperty("seq").GetInt64());
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
        foreach (var (query, field) in new[] { ("from=yesterday", "from"), ("to=2025-13-01", "to"), ("page=0", "page"), ("pageSize=1000", "pageSize"), ("role=king", "role") })
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

    /// <summary>
    /// The checkpoints form a signed chain of their own, so deleting one, forging one, or cutting the tail below a signed
    /// checkpoint and rewriting the head are all found, on both databases. Its own app (no demo city, so nothing else
    /// appends meanwhile and the positions are this test's own), so that tampering does not break the shared apps' ledgers.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TamperingWithCheckpointsOrTheTailIsFound(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        await using var app = new OneCityFactory(db, demo: false);
        var clerk = new CurrentUser("u1", "clerk", "clerk", [Roles.CounterClerk], "310101-XZFW", "310101", null);

        async Task<T> Ledger<T>(Func<AuditLedger, Task<T>> use)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await use(scope.ServiceProvider.GetRequiredService<AuditLedger>());
        }

        async Task Sql(string sql)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Database.ExecuteSqlRawAsync(sql);
        }

        async Task<long> AppendAndSignAsync(int entries)
        {
            for (var i = 0; i < entries; i++)
            {
                await Ledger(l => l.AppendAsync(clerk, new AuditRecord("person.read", "person", "P" + i, Purpose: "test", Subjects: ["P" + i])));
            }

            return (await Ledger(l => l.CheckpointAsync()))!.Value;
        }

        var a = await AppendAndSignAsync(3);
        var b = await AppendAndSignAsync(3);
        var c = await AppendAndSignAsync(4);
        await AppendAndSignAsync(2);
        var intact = await Ledger(l => l.VerifyAsync());
        Assert.True(intact.Ok, intact.Reason);
        Assert.Equal(4, intact.Checkpoints);
        Assert.True(a < b && b < c);

        // 1. A checkpoint whose signed content was changed.
        await Sql($"UPDATE audit_checkpoints SET at_ms = at_ms + 1 WHERE seq = {b}");
        var forged = await Ledger(l => l.VerifyAsync());
        Assert.False(forged.Ok);
        Assert.Equal(b, forged.FailedAt);
        Assert.Contains("signature invalid", forged.Reason, StringComparison.Ordinal);
        Assert.Equal(a, forged.LastCheckpointSeq);
        await Sql($"UPDATE audit_checkpoints SET at_ms = at_ms - 1 WHERE seq = {b}");
        Assert.True((await Ledger(l => l.VerifyAsync())).Ok);

        // 2. A deleted checkpoint in the middle: the next one is chained to it.
        AuditCheckpoint row;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            row = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<AuditCheckpoint>().AsNoTracking().SingleAsync(x => x.Seq == b);
        }

        await Sql($"DELETE FROM audit_checkpoints WHERE seq = {b}");
        var gap = await Ledger(l => l.VerifyAsync());
        Assert.False(gap.Ok);
        Assert.Equal(b, gap.FailedAt);
        Assert.Contains("checkpoint missing", gap.Reason, StringComparison.Ordinal);
        await Sql($"INSERT INTO audit_checkpoints (seq, hash, at_ms, key_id, signature, prev_seq) VALUES ({row.Seq}, '{row.Hash}', {row.AtMs}, '{row.KeyId}', '{row.Signature}', {row.PrevSeq})");
        Assert.True((await Ledger(l => l.VerifyAsync())).Ok);

        // 3. The tail deleted after an entry between b and c, and the head rewritten to that entry: c lies beyond.
        var cut = b + 2;
        await Sql($"DELETE FROM audit_subjects WHERE seq > {cut}; DELETE FROM audit_entries WHERE seq > {cut}; "
            + $"UPDATE audit_head SET seq = {cut}, hash = (SELECT hash FROM audit_entries WHERE seq = {cut}) WHERE id = 1;");
        var truncated = await Ledger(l => l.VerifyAsync());
        Assert.False(truncated.Ok);
        Assert.Equal(cut + 1, truncated.FailedAt);
        Assert.Equal(cut, truncated.Entries);
        Assert.Contains($"checkpoint at entry {c} lies beyond", truncated.Reason, StringComparison.Ordinal);
        Assert.Equal(b, truncated.LastCheckpointSeq);
    }
}
