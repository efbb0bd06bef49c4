using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;
using OneCity.Platform.PersonalData;
using OneCity.Platform.Registries;
using OneCity.Platform.Registries.Population;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Registries;

public sealed class RegistryApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheDemoPopulationIsSyntheticValidAndEncrypted(Db db)
    {
        using var scope = apps.Get(db).Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        var count = await context.Set<Person>().CountAsync();
        Assert.InRange(count, DemoResidents.TargetPopulation, DemoResidents.TargetPopulation + 10);
        Assert.False(await context.Set<Person>().AnyAsync(p => !p.Synthetic));
        var sample = await context.Set<Person>().OrderBy(p => p.Id).Take(200).ToListAsync();
        Assert.All(sample, p =>
        {
            Assert.StartsWith("sm4gcm1:", p.IdNumberCipher, StringComparison.Ordinal);
            Assert.True(ResidentIdNumber.IsValid(protector.Unprotect(p.IdNumberCipher)));
        });
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task SearchIsMaskedAndLimitedToTheJurisdiction(Db db)
    {
        var clerk = await apps.ClientAs(db, "clerk"); // Huangpu (310101)
        var page = await clerk.GetFromJsonAsync<JsonElement>("/api/registries/people?pageSize=100");
        Assert.True(page.GetProperty("total").GetInt32() > 100);
        foreach (var p in page.GetProperty("items").EnumerateArray())
        {
            Assert.True(p.GetProperty("hukouDistrictCode").GetString() == "310101" || p.GetProperty("residenceAreaCode").GetString()!.StartsWith("310101", StringComparison.Ordinal));
            Assert.Matches(@"^\d{4}\*{10}[\dX]{4}$", p.GetProperty("idNumber").GetString()!);
        }

        var admin = await apps.ClientAs(db, "admin");
        var xuhui = await admin.GetFromJsonAsync<JsonElement>("/api/registries/people?area=310104&pageSize=1");
        var outsider = xuhui.GetProperty("items")[0].GetProperty("id").GetString();
        var response = await clerk.GetAsync($"/api/registries/people/{outsider}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/registries/people/P99999999")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RevealNeedsAPurposeAndFindsByIdentityNumber(Db db)
    {
        var clerk = await apps.ClientAs(db, "clerk");
        var bad = await clerk.PostAsJsonAsync("/api/registries/people/P00000001/reveal", new { fields = new[] { "idNumber", "salary" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("purpose", out _));
        Assert.True(errors.TryGetProperty("fields", out _));

        var ok = await clerk.PostAsJsonAsync("/api/registries/people/P00000001/reveal", new { fields = new[] { "idNumber", "name" }, purpose = "窗口核验身份", legalBasis = "《居民身份证法》" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var values = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values");
        Assert.Equal("张伟", values.GetProperty("name").GetString());
        var idNumber = values.GetProperty("idNumber").GetString()!;
        Assert.True(ResidentIdNumber.IsValid(idNumber));

        var found = await clerk.GetFromJsonAsync<JsonElement>($"/api/registries/people?q={idNumber}");
        Assert.Equal("P00000001", found.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RolesWithoutAReasonCannotRevealOrSearch(Db db)
    {
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        var reveal = await dispatcher.PostAsJsonAsync("/api/registries/people/P00000001/reveal", new { fields = new[] { "name" }, purpose = "想看看而已" });
        Assert.Equal(HttpStatusCode.Forbidden, reveal.StatusCode);

        var citizen = await apps.ClientAs(db, "citizen");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/registries/people")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).GetAsync("/api/registries/people")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ACitizenSeesTheirOwnRecordAndLicences(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var me = await citizen.GetFromJsonAsync<JsonElement>("/api/registries/me");
        Assert.Equal("张伟", me.GetProperty("name").GetString());
        var licences = await citizen.GetFromJsonAsync<JsonElement>("/api/registries/me/elicences");
        Assert.Contains(licences.EnumerateArray(), l => l.GetProperty("type").GetString() == "marriage-certificate");

        var company = await apps.ClientAs(db, "company");
        var companyLicences = await company.GetFromJsonAsync<JsonElement>("/api/registries/me/elicences");
        Assert.Contains(companyLicences.EnumerateArray(), l => l.GetProperty("holderId").GetString() == DemoResidents.DemoCompanyCreditCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnELicenceVerifiesWithoutRevealingItsHolder(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var licences = await citizen.GetFromJsonAsync<JsonElement>("/api/registries/me/elicences");
        var id = licences[0].GetProperty("id").GetString();
        var response = await apps.Client(db).GetAsync($"/api/registries/elicences/{id}/verify");
        var body = await response.Content.ReadAsStringAsync();
        var v = JsonDocument.Parse(body).RootElement;
        Assert.True(v.GetProperty("signatureValid").GetBoolean());
        Assert.DoesNotContain("张伟", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await apps.Client(db).GetAsync("/api/registries/elicences/NOPE/verify")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadPagingIsNamed(Db db)
    {
        var clerk = await apps.ClientAs(db, "clerk");
        var response = await clerk.GetAsync("/api/registries/people?pageSize=1000&area=31");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("pageSize", out _));
        Assert.True(errors.TryGetProperty("area", out _));
    }
}

public sealed class RegistryAuditTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EveryReadOfAResidentIsInTheLedgerUnderTheirId(Db db)
    {
        var clerk = await apps.ClientAs(db, "clerk");
        var purpose = "补正材料核验 " + Guid.NewGuid().ToString("N")[..6];
        (await clerk.GetAsync("/api/registries/people/P00000003")).EnsureSuccessStatusCode();
        (await clerk.PostAsJsonAsync("/api/registries/people/P00000003/reveal", new { fields = new[] { "mobile" }, purpose })).EnsureSuccessStatusCode();

        var auditor = await apps.ClientAs(db, "auditor");
        var page = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?subject=P00000003&pageSize=50");
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        var reveal = entries.First(e => e.GetProperty("action").GetString() == "registry.person.revealed" && e.GetProperty("purpose").GetString() == purpose);
        Assert.Equal("clerk", reveal.GetProperty("actor").GetString());
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "registry.person.viewed");
        // The ledger holds ids, never the revealed values.
        var revealed = await clerk.PostAsJsonAsync("/api/registries/people/P00000003/reveal", new { fields = new[] { "mobile" }, purpose });
        var mobile = (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values").GetProperty("mobile").GetString()!;
        var all = await auditor.GetStringAsync("/api/audit/entries?subject=P00000003&pageSize=200");
        Assert.DoesNotContain(mobile, all, StringComparison.Ordinal);

        var verify = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean());

        // The auditor sees who read what and why, but may not read the values: separation of duties.
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync("/api/registries/people/P00000003/reveal", new { fields = new[] { "mobile" }, purpose })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ANonNumericQueryParameterIsA400NamingIt(Db db)
    {
        var clerk = await apps.ClientAs(db, "clerk");
        var response = await clerk.GetAsync("/api/registries/people?page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _));
    }
}
