using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;
using OneCity.Platform.Registries.ELicences;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Queue;

/// <summary>The step state machine as a department sees it through the API, on SQLite and PostgreSQL.</summary>
public sealed class QueueApiTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheHealthDepartmentIssuesTheBirthCertificateAndTheHukouStepReachesThePoliceQueue(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var wj = await apps.ClientAs(db, "reviewer-wj");
        var ga = await apps.ClientAs(db, "reviewer-ga");
        var number = await Newborn.SubmitAsync(citizen);

        var row = Assert.Single(await Newborn.QueueAsync(wj, number));
        Assert.Equal("SH-WJ-001", row.GetProperty("serviceCode").GetString());
        Assert.Equal("Pending", row.GetProperty("status").GetString());
        Assert.True(row.GetProperty("workdaysLeft").GetInt32() >= 0);
        Assert.False(row.GetProperty("paused").GetBoolean());
        Assert.Empty(await Newborn.QueueAsync(ga, number));

        var id = row.GetProperty("stepId").GetInt64();
        var step = await Newborn.DoAsync(wj, id, "accept", 0);
        Assert.Equal("Accepted", step.GetProperty("status").GetString());
        step = await Newborn.DoAsync(wj, id, "approve", 1);
        Assert.Equal("Approved", step.GetProperty("status").GetString());
        step = await Newborn.DoAsync(wj, id, "issue", 2);
        Assert.Equal("Done", step.GetProperty("status").GetString());
        var licence = step.GetProperty("outputLicenceId").GetString();
        Assert.False(string.IsNullOrEmpty(licence));

        // The released steps: hukou in the police's queue, vaccination record and home visit back in the health department's.
        var hukou = Assert.Single(await Newborn.QueueAsync(ga, number));
        Assert.Equal("SH-GA-001", hukou.GetProperty("serviceCode").GetString());
        Assert.Equal("Pending", hukou.GetProperty("status").GetString());
        Assert.True(hukou.TryGetProperty("dueOn", out var due) && due.ValueKind == JsonValueKind.String);
        Assert.Equal(["SH-WJ-002", "SH-WJ-003"], (await Newborn.QueueAsync(wj, number)).Select(r => r.GetProperty("serviceCode").GetString()).Order());
        var application = await Newborn.GetAsync(citizen, number);
        Assert.Equal("Blocked", Newborn.Step(application, "medical-insurance").GetProperty("status").GetString());
        Assert.Equal("InProgress", application.GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RefusingWithoutAReasonIsABadRequestNamingTheReason(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var wj = await apps.ClientAs(db, "reviewer-wj");
        var number = await Newborn.SubmitAsync(citizen);
        var id = (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("id").GetInt64();

        foreach (var reason in new[] { null, "", "   " })
        {
            var response = await Newborn.ActAsync(wj, id, new { action = "refuse", revision = 0, reason });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        }

        var step = await Newborn.StepAsync(citizen, number, "birth-certificate");
        Assert.Equal("Pending", step.GetProperty("status").GetString());
        Assert.Equal(0, step.GetProperty("revision").GetInt32());

        var refused = await Newborn.DoAsync(wj, id, "refuse", 0, "出生医学证明须由助产机构申领");
        Assert.Equal("Refused", refused.GetProperty("status").GetString());
        Assert.Equal("出生医学证明须由助产机构申领", refused.GetProperty("reason").GetString());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ActingOnAnotherDepartmentsStepIsNotFound(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var number = await Newborn.SubmitAsync(citizen);
        var id = (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("id").GetInt64();

        foreach (var other in new[] { "reviewer-ga", "reviewer-yb", "reviewer", "deptadmin" })
        {
            var response = await Newborn.ActAsync(await apps.ClientAs(db, other), id, new { action = "accept", revision = 0 });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{other}: {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await Newborn.ActAsync(citizen, id, new { action = "accept", revision = 0 })).StatusCode);
        Assert.Equal("Pending", (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task IssuingTwiceAtOnceIssuesOneLicenceAndTheOtherRequestIsAConflict(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var wj = await apps.ClientAs(db, "reviewer-wj");
        var number = await Newborn.SubmitAsync(citizen);
        var id = (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("id").GetInt64();
        await Newborn.DoAsync(wj, id, "accept", 0);
        await Newborn.DoAsync(wj, id, "approve", 1);

        var results = await Task.WhenAll(Newborn.ActAsync(wj, id, new { action = "issue", revision = 2 }), Newborn.ActAsync(wj, id, new { action = "issue", revision = 2 }));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);

        var step = await Newborn.StepAsync(citizen, number, "birth-certificate");
        Assert.Equal("Done", step.GetProperty("status").GetString());
        using var scope = apps.Get(db).Services.CreateScope();
        var licences = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<ELicence>()
            .Where(l => l.Number.StartsWith(number)).Select(l => l.Id).ToListAsync();
        Assert.Equal([step.GetProperty("outputLicenceId").GetString()!], licences);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AStaleRevisionIsAConflict(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var wj = await apps.ClientAs(db, "reviewer-wj");
        var number = await Newborn.SubmitAsync(citizen);
        var id = (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("id").GetInt64();

        await Newborn.DoAsync(wj, id, "accept", 0);
        var again = await Newborn.ActAsync(wj, id, new { action = "approve", revision = 0 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Accepted", (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("status").GetString());

        // With the current revision but in the wrong state, it is a conflict too.
        Assert.Equal(HttpStatusCode.Conflict, (await Newborn.ActAsync(wj, id, new { action = "issue", revision = 1 })).StatusCode);
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ARejectedHukouCancelsItsDependentsWhileIndependentStepsFinishAndTheApplicationIsPartiallyCompleted(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var wj = await apps.ClientAs(db, "reviewer-wj");
        var ga = await apps.ClientAs(db, "reviewer-ga");
        var number = await Newborn.SubmitAsync(citizen);
        await Newborn.CompleteAsync(wj, (await Newborn.StepAsync(citizen, number, "birth-certificate")).GetProperty("id").GetInt64(), 0);

        var hukou = await Newborn.StepAsync(citizen, number, "hukou");
        var accepted = await Newborn.DoAsync(ga, hukou.GetProperty("id").GetInt64(), "accept", hukou.GetProperty("revision").GetInt32());
        await Newborn.DoAsync(ga, hukou.GetProperty("id").GetInt64(), "reject", accepted.GetProperty("revision").GetInt32(), "父母双方户籍均不在本区");

        var application = await Newborn.GetAsync(citizen, number);
        foreach (var dependent in new[] { "medical-insurance", "medical-insurance-payment", "social-security-card", "childcare-subsidy" })
        {
            var s = Newborn.Step(application, dependent);
            Assert.True(s.GetProperty("status").GetString() == "Cancelled", $"{dependent} is {s.GetProperty("status")}");
            Assert.Contains("出生登记", s.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("Rejected", Newborn.Step(application, "hukou").GetProperty("status").GetString());
        Assert.Equal("InProgress", application.GetProperty("status").GetString());
        Assert.Empty(await Newborn.QueueAsync(await apps.ClientAs(db, "reviewer-yb"), number));

        foreach (var independent in new[] { "vaccination-record", "health-visit" })
        {
            var s = Newborn.Step(application, independent);
            Assert.Equal("Pending", s.GetProperty("status").GetString());
            Assert.Equal("Done", (await Newborn.CompleteAsync(wj, s.GetProperty("id").GetInt64(), s.GetProperty("revision").GetInt32())).GetProperty("status").GetString());
        }

        application = await Newborn.GetAsync(citizen, number);
        Assert.Equal("PartiallyCompleted", application.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, application.GetProperty("closedAt").ValueKind);
        Assert.Empty(await Newborn.QueueAsync(wj, number));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheStepsDepartmentDownloadsTheApplicationsFilesAndOthersCannot(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var wj = await apps.ClientAs(db, "reviewer-wj");
        var number = await Newborn.SubmitAsync(citizen);
        var other = await Newborn.SubmitAsync(citizen);
        var application = await Newborn.GetAsync(citizen, number);
        var stepId = Newborn.Step(application, "birth-certificate").GetProperty("id").GetInt64();
        var uploaded = application.GetProperty("materials").EnumerateArray().First(m => m.GetProperty("fileId").ValueKind == JsonValueKind.Number);
        var fileId = uploaded.GetProperty("fileId").GetInt64();
        var url = $"/api/govservices/steps/{stepId}/files/{fileId}";

        var response = await wj.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(uploaded.GetProperty("code").GetString() + ".pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(Newborn.Pdf, await response.Content.ReadAsByteArrayAsync());

        // Other departments, even ones with steps in this application, get nothing through the health department's step.
        foreach (var user in new[] { "reviewer-ga", "reviewer-yb", "deptadmin" })
        {
            var refused = await (await apps.ClientAs(db, user)).GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{user}: {(int)refused.StatusCode}");
        }

        // A file of another application through this application's step; a file that does not exist.
        var otherFile = (await Newborn.GetAsync(citizen, other)).GetProperty("materials").EnumerateArray()
            .First(m => m.GetProperty("fileId").ValueKind == JsonValueKind.Number).GetProperty("fileId").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await wj.GetAsync($"/api/govservices/steps/{stepId}/files/{otherFile}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await wj.GetAsync($"/api/govservices/steps/{stepId}/files/999999999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync(url)).StatusCode);

        // The download is a read of the applicant's personal data: on the ledger with its purpose and subject.
        var auditor = await apps.ClientAs(db, "auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?action=govservices.file.read&objectId={fileId}");
        var entry = Assert.Single(entries.GetProperty("items").EnumerateArray());
        Assert.Equal("reviewer-wj", entry.GetProperty("actor").GetString());
        Assert.Contains(number, entry.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Contains("P00000001", entry.GetProperty("subjects").ToString(), StringComparison.Ordinal);
    }
}
