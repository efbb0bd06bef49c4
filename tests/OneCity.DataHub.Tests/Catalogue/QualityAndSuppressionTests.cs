using OneCity.DataHub.Catalogue;
using OneCity.DataHub.OpenData;

namespace OneCity.DataHub.Tests.Catalogue;

public sealed class QualityAndSuppressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(nameof(UpdateFrequency.Daily), 0.5, "fresh")]
    [InlineData(nameof(UpdateFrequency.Daily), 2, "stale")]
    [InlineData(nameof(UpdateFrequency.Monthly), 30, "fresh")]
    [InlineData(nameof(UpdateFrequency.Monthly), 40, "stale")]
    [InlineData(nameof(UpdateFrequency.RealTime), 0.5, "stale")]
    [InlineData(nameof(UpdateFrequency.Yearly), 300, "fresh")]
    [InlineData(nameof(UpdateFrequency.Irregular), 3000, "n/a")]
    public void FreshnessIsTheAgeAgainstTheDeclaredFrequency(string frequencyName, double ageDays, string expected)
    {
        var frequency = Enum.Parse<UpdateFrequency>(frequencyName);
        var (freshness, age, _) = DataQuality.Freshness(frequency, Now.AddDays(-ageDays), Now);
        Assert.Equal(expected, freshness);
        Assert.Equal(ageDays, age.TotalDays, 3);
    }

    [Fact]
    public void CompletenessCountsEmptyAndMissingRequiredFields()
    {
        string[] required = ["id", "name"];
        Assert.True(DataQuality.IsComplete("""{"id":"1","name":"a","x":null}""", required));
        Assert.False(DataQuality.IsComplete("""{"id":"1","name":""}""", required));
        Assert.False(DataQuality.IsComplete("""{"id":"1","name":null}""", required));
        Assert.False(DataQuality.IsComplete("""{"id":"1"}""", required));
        Assert.True(DataQuality.IsComplete("""{"id":0,"name":false}""", required));
    }

    [Fact]
    public void SmallCountsAreSuppressedAndCannotBeRecoveredFromRowTotals()
    {
        var events = new List<(string, string)>();
        void Add(string area, string month, int n) => events.AddRange(Enumerable.Repeat((area, month), n));
        Add("310101001", "2026-05", 12);
        Add("310101001", "2026-06", 3); // small: suppressed, and the next-smallest cell (7) too
        Add("310101001", "2026-07", 7);
        Add("310101001", "2026-08", 20);
        Add("310101002", "2026-05", 2); // a row of only small counts: all suppressed, total too
        Add("310101002", "2026-06", 1);
        Add("310101003", "2026-05", 9); // nothing small
        Add("310101004", "2026-05", 4); // two small cells: no complement needed
        Add("310101004", "2026-06", 4);
        Add("310101004", "2026-07", 30);

        var cells = StatisticalRelease.Build(events, threshold: 5);
        Assert.All(cells, c => Assert.True(c.Suppressed ? c.Count is null : c.Count >= 5));

        var row1 = cells.Where(c => c.AreaCode == "310101001").ToDictionary(c => c.Month);
        Assert.True(row1["2026-06"].Suppressed);
        Assert.True(row1["2026-07"].Suppressed);
        Assert.Equal(12, row1["2026-05"].Count);
        Assert.Equal(42, row1[StatisticalRelease.Total].Count);
        Assert.True(cells.Where(c => c.AreaCode == "310101002").All(c => c.Suppressed));
        Assert.DoesNotContain(cells, c => c.AreaCode == "310101003" && c.Suppressed);
        Assert.Equal(2, cells.Count(c => c.AreaCode == "310101004" && c.Suppressed));

        // No row has exactly one hidden value that its total would reveal.
        foreach (var row in cells.GroupBy(c => c.AreaCode))
        {
            var total = row.Single(c => c.Month == StatisticalRelease.Total);
            var hidden = row.Count(c => c.Month != StatisticalRelease.Total && c.Suppressed);
            Assert.False(!total.Suppressed && hidden == 1);
        }
    }

    [Fact]
    public void AThresholdOfOneSuppressesNothing()
    {
        var cells = StatisticalRelease.Build([("310101001", "2026-05")], threshold: 1);
        Assert.All(cells, c => Assert.False(c.Suppressed));
    }

    [Fact]
    public void CreditCodesAreCheckedWithTheirCheckCharacter()
    {
        Assert.True(OpenDataService.IsCreditCode("91350100M000100Y43"));
        Assert.False(OpenDataService.IsCreditCode("91350100M000100Y44"));
        Assert.False(OpenDataService.IsCreditCode("short"));
    }

    [Fact]
    public void DemoRecordsAreDeterministicAndInsideShanghai()
    {
        var toilets = CatalogueDemo.All.Single(d => d.Code == "SH-LH-public-toilets");
        var a = CatalogueDemo.Records(toilets, Now).Select(r => r.Json).ToList();
        var b = CatalogueDemo.Records(toilets, Now).Select(r => r.Json).ToList();
        Assert.Equal(a, b);
        Assert.Equal(250, a.Count);
        foreach (var json in a)
        {
            var v = OpenDataService.Values(json, ["lon", "lat"]);
            Assert.InRange(double.Parse(v[0]!, System.Globalization.CultureInfo.InvariantCulture), 121.0, 122.0);
            Assert.InRange(double.Parse(v[1]!, System.Globalization.CultureInfo.InvariantCulture), 30.7, 31.9);
        }
    }
}
