using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.CatalogueApi;

public sealed class CatalogueApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheDemoCatalogueHoldsRegistriesOperationalDataAndDepartmentsDatasets(Db db)
    {
        var clerk = await apps.ClientAs(db, "clerk");
        var all = await clerk.GetFromJsonAsync<JsonElement>("/api/datahub/catalogue?pageSize=100");
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.True(all.GetProperty("total").GetInt32() >= 34);
        foreach (var source in new[] { "PopulationRegistry", "LegalEntityRegistry", "PropertyRegistry", "ELicenceRegistry", "GeographyRegistry" })
        {
            Assert.Contains(items, i => i.GetProperty("source").GetString() == source);
        }

        Assert.True(items.Count(i => i.GetProperty("source").GetString() == "ModuleOperational") >= 4);
        var stored = items.Where(i => i.GetProperty("source").GetString() == "Stored").ToList();
        Assert.True(stored.Count >= 25);
        Assert.True(stored.Select(i => i.GetProperty("ownerDepartmentCode").GetString()).Distinct().Count() >= 12);

        var population = await clerk.GetFromJsonAsync<JsonElement>("/api/datahub/catalogue/SH-GA-population");
        Assert.Equal("Conditional", population.GetProperty("summary").GetProperty("sharingType").GetString());
        Assert.Equal("NotOpen", population.GetProperty("summary").GetProperty("openType").GetString());
        Assert.Equal("Important", population.GetProperty("summary").GetProperty("level").GetString());
        var fields = population.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("personalClass").GetString());
        Assert.Equal("SensitivePersonal", fields["idNumber"]);
        Assert.Equal("Personal", fields["name"]);
        Assert.Equal("None", fields["personId"]);
        Assert.StartsWith("n/a", population.GetProperty("summary").GetProperty("quality").GetProperty("completenessNote").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task FiltersAndQualityAreAnswered(Db db)
    {
        var clerk = await apps.ClientAs(db, "clerk");
        var jt = await clerk.GetFromJsonAsync<JsonElement>("/api/datahub/catalogue?department=SH-JT&open=Open");
        Assert.All(jt.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("SH-JT", i.GetProperty("ownerDepartmentCode").GetString());
            Assert.Equal("Open", i.GetProperty("openType").GetString());
        });
        var text = await clerk.GetFromJsonAsync<JsonElement>("/api/datahub/catalogue?q=公厕");
        Assert.Contains(text.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "SH-LH-public-toilets");

        var air = await clerk.GetFromJsonAsync<JsonElement>("/api/datahub/catalogue/SH-HJ-air-readings");
        var q = air.GetProperty("summary").GetProperty("quality");
        Assert.Equal("stale", q.GetProperty("freshness").GetString()); // real-time data three days old
        var completeness = q.GetProperty("completeness").GetDouble();
        Assert.InRange(completeness, 0.8, 0.99); // some readings lack O3
        var toilets = await clerk.GetFromJsonAsync<JsonElement>("/api/datahub/catalogue/SH-LH-public-toilets");
        Assert.Equal("fresh", toilets.GetProperty("summary").GetProperty("quality").GetProperty("freshness").GetString());
        Assert.Equal(1.0, toilets.GetProperty("summary").GetProperty("quality").GetProperty("completeness").GetDouble());

        var bad = await clerk.GetAsync("/api/datahub/catalogue?level=Secret&pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("level", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/datahub/catalogue/nope")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task OnlyStaffReadAndOnlyStewardsChangeTheCatalogue(Db db)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync("/api/datahub/catalogue")).StatusCode);
        var citizen = await apps.ClientAs(db, "citizen");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/datahub/catalogue")).StatusCode);
        var clerk = await apps.ClientAs(db, "clerk");
        var r = await clerk.PutAsJsonAsync("/api/datahub/catalogue/SH-GA-vehicle-registrations/classification", new { level = "Core" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsync("/api/datahub/catalogue/SH-JY-kindergartens/publish", null)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AStewardReclassifiesAndEveryChangeIsAudited(Db db)
    {
        var steward = await apps.ClientAs(db, "steward");
        var bad = await steward.PutAsJsonAsync("/api/datahub/catalogue/SH-GA-vehicle-registrations/classification", new { level = "Secret" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("level", out _));

        var ok = await steward.PutAsJsonAsync("/api/datahub/catalogue/SH-GA-vehicle-registrations/classification", new { level = "Core", reason = "审查" });
        ok.EnsureSuccessStatusCode();
        Assert.Equal("Core", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("level").GetString());

        var field = await steward.PutAsJsonAsync("/api/datahub/catalogue/SH-GA-vehicle-registrations/fields/count/classification", new { required = false });
        field.EnsureSuccessStatusCode();
        var missing = await steward.PutAsJsonAsync("/api/datahub/catalogue/SH-GA-vehicle-registrations/fields/nope/classification", new { required = false });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var scope = apps.Get(db).Services.CreateScope();
        var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();
        var entries = await ledger.SearchAsync(new AuditSearch(ObjectId: "SH-GA-vehicle-registrations", Action: "datahub.dataset.classify"));
        Assert.True(entries.Total >= 1);
        Assert.Equal("steward", entries.Items[0].Actor);
        var fieldEntries = await ledger.SearchAsync(new AuditSearch(Action: "datahub.field.classify"));
        Assert.Contains(fieldEntries.Items, e => e.ObjectId == "SH-GA-vehicle-registrations/count");
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task PublishingIsRefusedForPersonalFieldsAndNotOpenDatasets(Db db)
    {
        var steward = await apps.ClientAs(db, "steward");
        var personal = await steward.PostAsync("/api/datahub/catalogue/SH-WJ-licensed-physicians/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, personal.StatusCode);
        Assert.Equal("application/problem+json", personal.Content.Headers.ContentType!.MediaType);
        var problem = await personal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("name", problem.GetProperty("errors").GetProperty("fields")[0].GetString());

        var notOpen = await steward.PostAsync("/api/datahub/catalogue/SH-YJ-hazardous-sites/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOpen.StatusCode);
        Assert.True((await notOpen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("openType", out _));

        var anonymous = apps.Client(db);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/open/datasets/SH-WJ-licensed-physicians/download.csv")).StatusCode);

        var ok = await steward.PostAsync("/api/datahub/catalogue/SH-JY-kindergartens/publish", null);
        ok.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/open/datasets/SH-JY-kindergartens/download.json")).StatusCode);
        (await steward.PostAsync("/api/datahub/catalogue/SH-JY-kindergartens/unpublish", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/open/datasets/SH-JY-kindergartens/download.json")).StatusCode);
    }
}
