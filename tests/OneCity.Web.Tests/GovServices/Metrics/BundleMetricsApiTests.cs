using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Metrics;

public sealed class BundleMetricsApiTests(Apps apps)
{
    /// <summary>
    /// Dog registration, by hand from services.json: SH-WJ-006 (3 materials: vaccination proof and dog photo uploaded,
    /// ID card as e-licence; 1 trip; promised 1, statutory 5) then SH-GA-003 (7 materials: ID card, population record,
    /// property record, lease (upload), dog photo (upload), vaccination proof (upload), commitment; 2 trips; promised 5,
    /// statutory 10). Together: 10 materials, 7 distinct, 3 of them uploads; 3 trips; 2 forms; 1 + 5 = 6 working days
    /// one after another and on the critical path (the licence waits for the check); 15 statutory days.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task DogRegistrationMetricsMatchTheCatalogue(Db db)
    {
        var anonymous = apps.Client(db);
        var m = await anonymous.GetFromJsonAsync<JsonElement>("/api/bundles/dog-registration/metrics");
        Assert.Equal(2, m.GetProperty("steps").GetInt32());
        Assert.Equal(2, m.GetProperty("departments").GetInt32());
        AssertMeasure(m, "materials", 7, 10, 30m);
        AssertMeasure(m, "uploads", 3, 10, 70m);
        Assert.Equal(4, m.GetProperty("exempt").GetInt32());
        AssertMeasure(m, "trips", 1, 3, 66.7m);
        AssertMeasure(m, "forms", 1, 2, 50m);
        AssertMeasure(m, "days", 6, 6, 0m);
        AssertMeasure(m, "daysStatutory", 6, 15, 60m);

        var all = await anonymous.GetFromJsonAsync<JsonElement>("/api/bundles/metrics");
        var codes = all.EnumerateArray().Select(b => b.GetProperty("code").GetString()).ToList();
        Assert.Contains("newborn", codes);
        Assert.Contains("dog-registration", codes);
        var newborn = all.EnumerateArray().Single(b => b.GetProperty("code").GetString() == "newborn");
        Assert.True(newborn.GetProperty("trips").GetProperty("reductionPercent").GetDecimal() > 80m);
        Assert.True(newborn.GetProperty("days").GetProperty("bundle").GetInt32() < newborn.GetProperty("days").GetProperty("separate").GetInt32());

        var missing = await anonymous.GetAsync("/api/bundles/no-such-bundle/metrics");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    private static void AssertMeasure(JsonElement metrics, string name, int bundle, int separate, decimal reduction)
    {
        var m = metrics.GetProperty(name);
        Assert.Equal(bundle, m.GetProperty("bundle").GetInt32());
        Assert.Equal(separate, m.GetProperty("separate").GetInt32());
        Assert.Equal(reduction, m.GetProperty("reductionPercent").GetDecimal());
    }
}
