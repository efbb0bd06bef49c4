using System.Net;
using System.Net.Http.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>Every category, hotline topics at all three levels included, has an English name, and the English UI shows it.</summary>
public sealed class CategoryNameTests(Apps apps)
{
    [Fact]
    public async Task EveryCategoryHasAnEnglishNameAndTheEnglishIncidentPageShowsTheHotlineTopic()
    {
        var dispatcher = await apps.ClientAs(Db.Sqlite, "dispatcher");
        var categories = await Ops.Ok(await dispatcher.GetAsync("/api/cityops/categories"));
        var missing = categories.EnumerateArray().Where(c => string.IsNullOrWhiteSpace(c.GetProperty("nameEn").GetString()))
            .Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.True(missing.Count == 0, "No English name: " + string.Join(", ", missing));
        var noise = categories.EnumerateArray().Single(c => c.GetProperty("level").GetInt32() == 3 && c.GetProperty("nameZh").GetString() == "噪音污染");
        var code = noise.GetProperty("code").GetString()!;

        var created = await Ops.Ok(await dispatcher.PostAsJsonAsync("/api/cityops/hotline", new
        {
            text = "楼下饭店的排风机半夜还在响", categoryCode = code, callerPhone = "13900139000",
        }), HttpStatusCode.Created);
        var number = created.GetProperty("number").GetString()!;
        Assert.Equal("Environmental protection / Environmental pollution / Noise pollution", created.GetProperty("category").GetProperty("pathEn").GetString());

        var english = WebUtility.HtmlDecode(await dispatcher.GetStringAsync($"/workbench/incidents/{number}?culture=en&ui-culture=en"));
        Assert.Contains("Environmental protection / Environmental pollution / Noise pollution", english, StringComparison.Ordinal);
        // The register form's category list names the hotline topics in English too.
        Assert.Contains($"<option value=\"{code}\">Environmental protection / Environmental pollution / Noise pollution</option>", english, StringComparison.Ordinal);
        var chinese = WebUtility.HtmlDecode(await dispatcher.GetStringAsync($"/workbench/incidents/{number}"));
        Assert.Contains("环境保护 / 环境污染 / 噪音污染", chinese, StringComparison.Ordinal);
    }
}
