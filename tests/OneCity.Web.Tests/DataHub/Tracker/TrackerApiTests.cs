using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.DataHub.Tracker;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Tracker;

public sealed class TrackerApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ACitizenSeesWhoReadTheirDataObjectsAndGetsAnAnswer(Db db)
    {
        // A clerk in Huangpu reveals the demo citizen's mobile number for a stated purpose.
        var clerk = await apps.ClientAs(db, "clerk");
        var purpose = "核对联系方式 " + Guid.NewGuid().ToString("N")[..6];
        (await clerk.PostAsJsonAsync("/api/registries/people/P00000001/reveal", new { fields = new[] { "mobile" }, purpose, legalBasis = "《政务服务法》" })).EnsureSuccessStatusCode();

        var citizen = await apps.ClientAs(db, "citizen");
        var accesses = await citizen.GetFromJsonAsync<JsonElement>("/api/datahub/tracker/accesses?pageSize=200");
        var access = accesses.GetProperty("items").EnumerateArray().First(a => a.GetProperty("purpose").GetString() == purpose);
        Assert.Equal("310101-XZFW", access.GetProperty("departmentCode").GetString());
        Assert.Equal("黄浦区行政服务中心", access.GetProperty("departmentZh").GetString());
        Assert.Equal("《政务服务法》", access.GetProperty("legalBasis").GetString());
        Assert.DoesNotContain(accesses.GetProperty("items").EnumerateArray(), a => a.GetProperty("action").GetString()!.Contains("self", StringComparison.Ordinal));
        var seq = access.GetProperty("seq").GetInt64();

        var raised = await citizen.PostAsJsonAsync("/api/datahub/tracker/objections", new { auditSeq = seq, reason = "我没有在窗口办理任何业务" });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var objection = await raised.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Open", objection.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, objection.GetProperty("dueOn").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync("/api/datahub/tracker/objections", new { auditSeq = seq, reason = "again again" })).StatusCode);

        var steward = await apps.ClientAs(db, "steward");
        var queue = await steward.GetFromJsonAsync<JsonElement>("/api/datahub/objections?status=open");
        var id = objection.GetProperty("id").GetInt64();
        Assert.Contains(queue.EnumerateArray(), o => o.GetProperty("id").GetInt64() == id);
        var resolved = await steward.PostAsJsonAsync($"/api/datahub/objections/{id}/resolve", new { outcome = "rejected", response = "该查询由窗口核验身份所需，依据《政务服务法》。" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await steward.PostAsJsonAsync($"/api/datahub/objections/{id}/resolve", new { outcome = "upheld", response = "twice twice" })).StatusCode);

        var mine = await citizen.GetFromJsonAsync<JsonElement>("/api/datahub/tracker/objections");
        var answered = mine.EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == id);
        Assert.Equal("Rejected", answered.GetProperty("status").GetString());

        // Raising and resolving are themselves in the ledger, under the citizen.
        var auditor = await apps.ClientAs(db, "auditor");
        var ledger = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?subject=P00000001&action=datahub.objection");
        Assert.True(ledger.GetProperty("items").GetArrayLength() >= 2);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadObjectionsAreRefusedAndOthersAccessesAreNotYours(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var bad = await citizen.PostAsJsonAsync("/api/datahub/tracker/objections", new { reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("auditSeq", out _));
        Assert.True(errors.TryGetProperty("reason", out _));

        // An access to someone else's data (P00000002) cannot be objected to by this citizen.
        var admin = await apps.ClientAs(db, "clerk");
        await admin.GetAsync("/api/registries/people?q=P00000003");
        var auditor = await apps.ClientAs(db, "auditor");
        var other = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?subject=P00000003&pageSize=1");
        var otherSeq = other.GetProperty("items")[0].GetProperty("seq").GetInt64();
        var mineOnly = await citizen.GetFromJsonAsync<JsonElement>("/api/datahub/tracker/accesses?pageSize=200");
        if (!mineOnly.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("seq").GetInt64() == otherSeq))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostAsJsonAsync("/api/datahub/tracker/objections", new { auditSeq = otherSeq, reason = "not mine at all" })).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyStewardsSeeTheQueueAndOnlyCitizensTheTracker(Db db)
    {
        foreach (var user in new[] { "clerk", "dispatcher", "auditor", "citizen" })
        {
            var client = await apps.ClientAs(db, user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/datahub/objections")).StatusCode);
        }

        foreach (var user in new[] { "clerk", "steward", "admin" })
        {
            var client = await apps.ClientAs(db, user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/datahub/tracker/accesses")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync("/api/datahub/tracker/accesses")).StatusCode);
        var steward = await apps.ClientAs(db, "steward");
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.GetAsync("/api/datahub/objections?status=maybe")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ConsentIsGivenCheckedAndWithdrawn(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var purpose = "housing-subsidy-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.NoContent, (await citizen.PostAsJsonAsync("/api/datahub/tracker/consents", new { departmentCode = "SH-ZJ", purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync("/api/datahub/tracker/consents", new { departmentCode = "SH-ZJ", purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.PostAsJsonAsync("/api/datahub/tracker/consents", new { departmentCode = "NOPE", purpose })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.PostAsJsonAsync("/api/datahub/tracker/consents", new { departmentCode = "SH-ZJ", purpose = "drop table;--" })).StatusCode);

        using var scope = apps.Get(db).Services.CreateScope();
        var consents = scope.ServiceProvider.GetRequiredService<ConsentService>();
        Assert.True(await consents.HasConsentAsync("P00000001", "SH-ZJ", purpose, default));

        var list = await citizen.GetFromJsonAsync<JsonElement>("/api/datahub/tracker/consents");
        var id = list.EnumerateArray().Single(c => c.GetProperty("purpose").GetString() == purpose).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await citizen.PostAsync($"/api/datahub/tracker/consents/{id}/withdraw", null)).StatusCode);
        Assert.False(await consents.HasConsentAsync("P00000001", "SH-ZJ", purpose, default));
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsync($"/api/datahub/tracker/consents/{id}/withdraw", null)).StatusCode);
        var company = await apps.ClientAs(db, "company");
        Assert.Equal(HttpStatusCode.NotFound, (await company.PostAsync($"/api/datahub/tracker/consents/{id}/withdraw", null)).StatusCode);
    }

    [Fact]
    public async Task AnUnansweredObjectionBecomesOverdueAfterFifteenWorkingDays()
    {
        // Monday 2025-09-22: 15 working days later, across National Day and its two adjusted working days, is Friday 2025-10-17.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 22, 2, 0, 0, TimeSpan.Zero));
        await using var app = new OneCityFactory(Db.Sqlite, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();
        var clerk = await app.ClientAsAsync("clerk");
        (await clerk.GetAsync("/api/registries/people/P00000001")).EnsureSuccessStatusCode();
        var citizen = await app.ClientAsAsync("citizen");
        var accesses = await citizen.GetFromJsonAsync<JsonElement>("/api/datahub/tracker/accesses");
        var seq = accesses.GetProperty("items")[0].GetProperty("seq").GetInt64();
        var objection = await (await citizen.PostAsJsonAsync("/api/datahub/tracker/objections", new { auditSeq = seq, reason = "为什么查看我的信息" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2025-10-17", objection.GetProperty("dueOn").GetString());

        clock.Advance(TimeSpan.FromDays(25)); // 2025-10-17: due today, not overdue
        var steward = await app.ClientAsAsync("steward"); // bearer tokens last an hour; sign in on the new day
        Assert.Equal(0, (await steward.GetFromJsonAsync<JsonElement>("/api/datahub/objections?overdue=true")).GetArrayLength());
        clock.Advance(TimeSpan.FromDays(1));
        steward = await app.ClientAsAsync("steward");
        var overdue = await steward.GetFromJsonAsync<JsonElement>("/api/datahub/objections?overdue=true");
        Assert.True(overdue[0].GetProperty("overdue").GetBoolean());
    }

}
