using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Offers;

public sealed class OfferApiTests(Apps apps)
{
    private static bool Elderly(OneCity.Platform.Registries.PersonSummary p) => p.Age >= 66 && p.HukouDistrictCode.StartsWith("31", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheScanOffersTheElderlyAllowanceOnceWithItsReasonAndTheResidentConfirmsIt(Db db)
    {
        var app = apps.Get(db);
        var elder = await OfferTestData.FindAsync(app, "310101", Elderly);
        var admin = await apps.ClientAs(db, "admin");

        var first = await admin.PostAsJsonAsync("/api/govservices/offers/scan", new { areaCode = elder.ResidenceAreaCode });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var run1 = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(run1.GetProperty("people").GetInt32() >= 1);
        Assert.True(run1.GetProperty("matched").GetInt32() >= 1);

        // Idempotent: the same scan again finds the same matches and creates nothing.
        var run2 = await (await admin.PostAsJsonAsync("/api/govservices/offers/scan", new { areaCode = elder.ResidenceAreaCode })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, run2.GetProperty("created").GetInt32());
        Assert.Equal(run1.GetProperty("matched").GetInt32(), run2.GetProperty("alreadyOffered").GetInt32());

        var user = await OfferTestData.AccountAsync(app, elder.Id);
        var resident = await app.ClientAsAsync(user, OfferTestData.Password);
        var offers = await resident.GetFromJsonAsync<JsonElement>("/api/govservices/offers");
        var offer = Assert.Single(offers.EnumerateArray(), o => o.GetProperty("ruleCode").GetString() == "elderly-allowance");
        Assert.Equal("Offered", offer.GetProperty("status").GetString());
        Assert.Equal("老年综合津贴", offer.GetProperty("nameZh").GetString());
        Assert.Equal("310101-MZ", offer.GetProperty("departmentCode").GetString());
        var reason = offer.GetProperty("reasonZh").GetString()!;
        Assert.Contains($"现年{elder.Age.ToString(CultureInfo.InvariantCulture)}周岁", reason, StringComparison.Ordinal);
        Assert.Contains("本市户籍", reason, StringComparison.Ordinal);
        var expected = elder.Age >= 100 ? 600m : elder.Age >= 90 ? 350m : elder.Age >= 80 ? 180m : elder.Age >= 70 ? 150m : 75m;
        Assert.Equal(expected, offer.GetProperty("amount").GetDecimal());
        Assert.Contains($"每月发放{expected.ToString("0.##", CultureInfo.InvariantCulture)}元", reason, StringComparison.Ordinal);
        var matched = offer.GetProperty("matched").EnumerateArray().ToList();
        Assert.Contains(matched, m => m.GetProperty("fact").GetString() == "person.age" && m.GetProperty("valueZh").GetString() == elder.Age.ToString(CultureInfo.InvariantCulture)
            && m.GetProperty("op").GetString() == "≥" && m.GetProperty("expected").GetString() == "65");
        Assert.Contains(matched, m => m.GetProperty("fact").GetString() == "person.hukouDistrictCode");
        var id = offer.GetProperty("id").GetInt64();

        // Someone else's offer does not exist for you; bad actions and objections without text name the field.
        var citizen = await apps.ClientAs(db, "citizen");
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostAsJsonAsync($"/api/govservices/offers/{id}/confirm", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.PostAsJsonAsync("/api/govservices/offers/999999999/confirm", new { })).StatusCode);
        await AssertFieldAsync(await resident.PostAsJsonAsync($"/api/govservices/offers/{id}/accept", new { }), "action");
        await AssertFieldAsync(await resident.PostAsJsonAsync($"/api/govservices/offers/{id}/object", new { text = "  " }), "text");
        await AssertFieldAsync(await resident.PostAsJsonAsync($"/api/govservices/offers/{id}/decline", new { text = new string('x', 1001) }), "text");

        var confirmed = await resident.PostAsJsonAsync($"/api/govservices/offers/{id}/confirm", new { });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var view = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Confirmed", view.GetProperty("status").GetString());
        var grant = view.GetProperty("grant");
        Assert.Equal(expected, grant.GetProperty("amount").GetDecimal());
        Assert.Equal("Monthly", grant.GetProperty("frequency").GetString());
        var startsOn = DateOnly.Parse(grant.GetProperty("startsOn").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(1, startsOn.Day);
        Assert.True(startsOn > DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));

        // Decided once: a second decision is a conflict, and the offer list shows the grant.
        Assert.Equal(HttpStatusCode.Conflict, (await resident.PostAsJsonAsync($"/api/govservices/offers/{id}/decline", new { })).StatusCode);
        var after = await resident.GetFromJsonAsync<JsonElement>("/api/govservices/offers");
        Assert.Equal("Confirmed", after.EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == id).GetProperty("status").GetString());

        // The scan, the creation and the confirmation are in the audit ledger, under the resident.
        var auditor = await apps.ClientAs(db, "auditor");
        var created = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?subject={elder.Id}&action=govservices.offer.create");
        Assert.True(created.GetProperty("items").GetArrayLength() >= 1);
        var decided = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?subject={elder.Id}&action=govservices.offer.confirm");
        Assert.Equal(1, decided.GetProperty("items").GetArrayLength());
        var scans = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?action=govservices.offers.scan");
        Assert.True(scans.GetProperty("items").GetArrayLength() >= 2);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ABirthInTheHouseholdOffersTheChildcareSubsidyToBothParentsWhoMayObjectOrDecline(Db db)
    {
        var app = apps.Get(db);
        var child = await OfferTestData.FindAsync(app, "310101", p => p.Age < 3 && p.HukouDistrictCode.StartsWith("31", StringComparison.Ordinal));
        var parents = (await OfferTestData.FamilyAsync(app, child.Id)).Where(f => f.Relation == "Parent").Select(f => f.PersonId).ToList();
        Assert.Equal(2, parents.Count);

        var admin = await apps.ClientAs(db, "admin");
        var scan = await admin.PostAsJsonAsync("/api/govservices/offers/scan", new { areaCode = child.ResidenceAreaCode });
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);

        var born = (await OfferTestData.BirthDateAsync(app, child.Id)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var mother = await app.ClientAsAsync(await OfferTestData.AccountAsync(app, parents[0]), OfferTestData.Password);
        var father = await app.ClientAsAsync(await OfferTestData.AccountAsync(app, parents[1]), OfferTestData.Password);
        var first = (await mother.GetFromJsonAsync<JsonElement>("/api/govservices/offers")).EnumerateArray()
            .Single(o => o.GetProperty("ruleCode").GetString() == "childcare-subsidy" && o.GetProperty("reasonZh").GetString()!.Contains(born, StringComparison.Ordinal));
        var second = (await father.GetFromJsonAsync<JsonElement>("/api/govservices/offers")).EnumerateArray()
            .Single(o => o.GetProperty("ruleCode").GetString() == "childcare-subsidy" && o.GetProperty("reasonZh").GetString()!.Contains(born, StringComparison.Ordinal));
        Assert.True(first.GetProperty("concernsChild").GetBoolean());
        Assert.Equal(3600m, first.GetProperty("amount").GetDecimal());
        Assert.Equal("Yearly", first.GetProperty("frequency").GetString());
        Assert.Contains(first.GetProperty("matched").EnumerateArray(), m => m.GetProperty("fact").GetString() == "child.age" && m.GetProperty("op").GetString() == "<");

        // One parent objects (the text goes to the department), the other declines.
        var objected = await mother.PostAsJsonAsync($"/api/govservices/offers/{first.GetProperty("id").GetInt64()}/object", new { text = "孩子已随父亲在外省落户，户籍信息有误" });
        Assert.Equal(HttpStatusCode.OK, objected.StatusCode);
        Assert.Equal("Objected", (await objected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var declined = await father.PostAsJsonAsync($"/api/govservices/offers/{second.GetProperty("id").GetInt64()}/decline", new { });
        Assert.Equal("Declined", (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var reviewer = await apps.ClientAs(db, "reviewer-wj");
        var department = await reviewer.GetFromJsonAsync<JsonElement>("/api/govservices/offers/department?status=Objected");
        var seen = department.EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == first.GetProperty("id").GetInt64());
        Assert.Equal("孩子已随父亲在外省落户，户籍信息有误", seen.GetProperty("comment").GetString());
        await AssertFieldAsync(await reviewer.GetAsync("/api/govservices/offers/department?status=Nonsense"), "status");
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyAdministratorsScanAndAreasAreChecked(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync("/api/govservices/offers/scan", new { areaCode = "310101" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync("/api/govservices/offers")).StatusCode);
        var admin = await apps.ClientAs(db, "admin");
        await AssertFieldAsync(await admin.PostAsJsonAsync("/api/govservices/offers/scan", new { areaCode = "1234" }), "areaCode");
        await AssertFieldAsync(await admin.PostAsJsonAsync("/api/govservices/offers/scan", new { areaCode = "110101" }), "areaCode");
        Assert.DoesNotContain((await citizen.GetFromJsonAsync<JsonElement>("/api/govservices/offers")).EnumerateArray(),
            o => o.GetProperty("ruleCode").GetString() == "elderly-allowance");
    }

    internal static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }
}
