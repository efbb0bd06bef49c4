using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Ratings;

public sealed class RatingApiTests(Apps apps)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static async Task<JsonElement> Errors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyTheApplicantRatesFinishedThingsOnceWithValidStarsAndReasons(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var number = await Newborn.SubmitAsync(citizen, Today.AddDays(-3));
        var url = $"/api/applications/{number}/ratings";
        var birthStep = (await Newborn.StepsAsync(citizen, number)).Single(s => s.GetProperty("serviceCode").GetString() == "SH-WJ-001").GetProperty("id").GetInt64();

        // Nothing has finished: neither the application nor the pending step can be rated yet.
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync(url, new { stars = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 5 })).StatusCode);

        var wj = await apps.ClientAs(db, "reviewer-wj");
        Assert.Equal(birthStep, await Newborn.FinishBirthCertificateAsync(wj, number));

        // Bad input names the field and the rule.
        Assert.True((await Errors(await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 0 }))).TryGetProperty("stars", out _));
        Assert.True((await Errors(await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 6 }))).TryGetProperty("stars", out _));
        Assert.True((await Errors(await citizen.PostAsJsonAsync(url, new { stepId = birthStep }))).TryGetProperty("stars", out _));
        var noReason = await Errors(await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 2, comment = "太慢" }));
        Assert.Contains("1–2 stars", noReason.GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
        Assert.True((await Errors(await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 1, reason = "rude" }))).TryGetProperty("reason", out _));
        Assert.True((await Errors(await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 1, reason = "3" }))).TryGetProperty("reason", out _));
        Assert.True((await Errors(await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 4, comment = new string('好', 501) }))).TryGetProperty("comment", out _));
        Assert.True((await Errors(await citizen.PostAsJsonAsync(url, new { stepId = long.MaxValue, stars = 4 }))).TryGetProperty("stepId", out _));

        // A step that has not finished (the hukou step was only just released to the police) cannot be rated.
        var hukou = (await Newborn.StepsAsync(citizen, number)).Single(s => s.GetProperty("serviceCode").GetString() == "SH-GA-001");
        Assert.Equal("Pending", hukou.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync(url, new { stepId = hukou.GetProperty("id").GetInt64(), stars = 3 })).StatusCode);

        // Someone else's application is not found; staff may not rate at all; nothing was stored by any of the above.
        var company = await apps.ClientAs(db, "company");
        Assert.Equal(HttpStatusCode.NotFound, (await company.PostAsJsonAsync(url, new { stepId = birthStep, stars = 1, reason = "attitude" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await company.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wj.PostAsJsonAsync(url, new { stepId = birthStep, stars = 1, reason = "attitude" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync(url)).StatusCode);
        Assert.Empty((await citizen.GetFromJsonAsync<JsonElement>(url)).GetProperty("ratings").EnumerateArray());

        // A good rating of the step and of the whole application: once each, and no rectification.
        var good = await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 5, comment = "  很快，很方便  " });
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var rating = await good.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("step", rating.GetProperty("target").GetString());
        Assert.Equal("310101-WJ", rating.GetProperty("departmentCode").GetString());
        Assert.Equal("很快，很方便", rating.GetProperty("comment").GetString());
        Assert.Empty(rating.GetProperty("rectifications").EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync(url, new { stepId = birthStep, stars = 1, reason = "attitude" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await citizen.PostAsJsonAsync(url, new { stars = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync(url, new { stars = 4 })).StatusCode);

        var overview = await citizen.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(2, overview.GetProperty("ratings").GetArrayLength());
        Assert.False(overview.GetProperty("applicationRateable").GetBoolean());
        Assert.True(overview.GetProperty("applicationRated").GetBoolean());
        var steps = overview.GetProperty("steps").EnumerateArray().ToList();
        Assert.True(steps.Single(s => s.GetProperty("stepId").GetInt64() == birthStep).GetProperty("rated").GetBoolean());
        Assert.All(steps.Where(s => s.GetProperty("stepId").GetInt64() != birthStep), s => Assert.False(s.GetProperty("finished").GetBoolean()));

        // The handling department sees the ratings of an application it worked on.
        Assert.Equal(2, (await wj.GetFromJsonAsync<JsonElement>(url)).GetProperty("ratings").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ABadRatingOfTheWholeApplicationGoesToTheDepartmentThatRejected(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var number = await Newborn.SubmitAsync(citizen, Today.AddDays(-3));
        var wj = await apps.ClientAs(db, "reviewer-wj");
        await Newborn.FinishBirthCertificateAsync(wj, number);
        var ga = await apps.ClientAs(db, "reviewer-ga");
        var hukou = await Newborn.StepIdAsync(ga, number, "SH-GA-001");
        var accepted = await Newborn.DoAsync(ga, hukou, "accept", (await Newborn.StepAsync(ga, number, "hukou")).GetProperty("revision").GetInt32());
        await Newborn.DoAsync(ga, hukou, "reject", accepted.GetProperty("revision").GetInt32(), "户口登记地与父亲户籍不符");

        var response = await citizen.PostAsJsonAsync($"/api/applications/{number}/ratings", new { stars = 1, reason = "result", comment = "户口没有办成" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rectifications = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rectifications").EnumerateArray().ToList();
        Assert.Equal(["310101-GA"], rectifications.Select(r => r.GetProperty("departmentCode").GetString()));
        var id = rectifications[0].GetProperty("id").GetInt64();

        var gaList = await ga.GetFromJsonAsync<JsonElement>("/api/govservices/rectifications");
        var item = gaList.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal("户口没有办成", item.GetProperty("comment").GetString());
        Assert.Equal("result", item.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("stepId").ValueKind);
        Assert.Equal("response", item.GetProperty("nextStage").GetString());
        Assert.DoesNotContain((await wj.GetFromJsonAsync<JsonElement>("/api/govservices/rectifications?status=all")).EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await wj.PostAsJsonAsync($"/api/govservices/rectifications/{id}/response", new { text = "not ours" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RectificationsAreForDepartmentStaffAndStatisticsForEveryone(Db db)
    {
        foreach (var user in new[] { "citizen", "clerk", "auditor", "steward" })
        {
            var client = await apps.ClientAs(db, user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/govservices/rectifications")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/govservices/rectifications/1/response", new { text = "x" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync("/api/govservices/rectifications")).StatusCode);
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        Assert.Equal(HttpStatusCode.OK, (await deptadmin.GetAsync("/api/govservices/rectifications")).StatusCode);
        Assert.True((await Errors(await deptadmin.GetAsync("/api/govservices/rectifications?status=maybe"))).TryGetProperty("status", out _));

        var stats = await apps.Client(db).GetAsync("/api/govservices/stats/departments");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        var body = await stats.Content.ReadAsStringAsync();
        Assert.DoesNotContain("P0000", body, StringComparison.Ordinal);
        Assert.DoesNotContain("YW2", body, StringComparison.Ordinal);
    }
}
