using System.Globalization;
using System.Text.Json;
using OneCity.DataHub.Catalogue;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.DataHub.Sharing.SharingHelpers;

namespace OneCity.Web.Tests.DataHub.Sharing;

/// <summary>Filters on stored datasets run in SQL over the value index and give exactly what filtering the whole dataset gives.</summary>
public sealed class StoredDatasetFilterTests(Apps apps)
{
    [Fact]
    public void NumbersHaveOneCanonicalForm()
    {
        Assert.Equal(RecordValues.Canonical(1.5m), RecordValues.Canonical(1.500m));
        Assert.Equal(RecordValues.Canonical(100m), RecordValues.Canonical(100.0m));
        Assert.Equal(RecordValues.Canonical(0m), RecordValues.Canonical(-0.00m));
        Assert.Equal(RecordValues.Canonical(0.000001m), RecordValues.Canonical(0.0000010m));
        Assert.NotEqual(RecordValues.Canonical(10m), RecordValues.Canonical(1m));
        Assert.Equal(("s:45.30", "n:45.3"), RecordValues.FilterKeys("45.30"));
        Assert.Equal(("s:A0003", "s:A0003"), RecordValues.FilterKeys("A0003"));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task FiltersGiveWhatFilteringEveryRecordGives(Db db)
    {
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        var client = await DataClientFor(apps, db, "SH-MZ");

        async Task<(string Dataset, string Purpose, List<JsonElement> All)> Granted(string dataset, string[] fields)
        {
            var purpose = Purpose("filter");
            var request = await PostOk(deptadmin, "/api/datahub/sharing/requests", Request(dataset, purpose, fields));
            Assert.Equal("Approved", request.GetProperty("status").GetString());
            var all = new List<JsonElement>();
            for (var offset = 0; ; offset += 100)
            {
                var page = await Page(dataset, purpose, $"limit=100&offset={offset}");
                all.AddRange(page.GetProperty("items").EnumerateArray());
                if (!page.GetProperty("hasMore").GetBoolean())
                {
                    return (dataset, purpose, all);
                }
            }
        }

        async Task<JsonElement> Page(string dataset, string purpose, string query)
        {
            var response = await Fetch(client, $"/api/datahub/data/{dataset}/records?{query}", purpose);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{query}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        // What the data API did before the index: compare the parsed value with the filter (strings ordinal, numbers as decimals).
        static bool Matches(JsonElement record, string field, string filter) => record.TryGetProperty(field, out var v) && v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() == filter,
            JsonValueKind.True => filter == "true",
            JsonValueKind.False => filter == "false",
            JsonValueKind.Number => decimal.TryParse(filter, NumberStyles.Number, CultureInfo.InvariantCulture, out var x) && x == v.GetDecimal(),
            _ => false,
        };

        async Task Check((string Dataset, string Purpose, List<JsonElement> All) d, (string Field, string Value)[] filters, int limit = 100, int offset = 0)
        {
            var expected = d.All.Where(r => filters.All(f => Matches(r, f.Field, f.Value))).ToList();
            var query = string.Join('&', filters.Select(f => $"{f.Field}={Uri.EscapeDataString(f.Value)}")) + $"&limit={limit}&offset={offset}";
            var page = await Page(d.Dataset, d.Purpose, query);
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()).ToList();
            Assert.Equal(expected.Skip(offset).Take(limit).Select(i => i.GetRawText()).ToList(), items);
            Assert.Equal(expected.Count > offset + limit, page.GetProperty("hasMore").GetBoolean());
        }

        var readings = await Granted("SH-HJ-air-readings", ["readingId", "stationId", "hour", "aqi", "pm25", "pm10", "o3"]);
        Assert.Equal(500, readings.All.Count);
        var sample = readings.All[37];
        var pm25 = sample.GetProperty("pm25").GetDecimal();
        await Check(readings, [("readingId", sample.GetProperty("readingId").GetString()!)]); // a key lookup through a filter
        await Check(readings, [("stationId", "A0003")]);
        await Check(readings, [("stationId", "A0003")], limit: 7, offset: 14);
        await Check(readings, [("aqi", sample.GetProperty("aqi").GetDecimal().ToString(CultureInfo.InvariantCulture))]);
        await Check(readings, [("pm25", pm25.ToString("0.00##", CultureInfo.InvariantCulture))]); // another scale of the same number
        await Check(readings, [("stationId", sample.GetProperty("stationId").GetString()!), ("aqi", sample.GetProperty("aqi").GetDecimal().ToString(CultureInfo.InvariantCulture))]);
        await Check(readings, [("hour", sample.GetProperty("hour").GetString()!)]);
        await Check(readings, [("stationId", "A9999")]);
        Assert.Contains(readings.All, r => Matches(r, "pm25", pm25.ToString("0.00##", CultureInfo.InvariantCulture)));

        var kindergartens = await Granted("SH-JY-kindergartens", ["kindergartenId", "name", "grade", "nursery"]);
        await Check(kindergartens, [("nursery", "true")]);
        await Check(kindergartens, [("nursery", "false")], limit: 10, offset: 20);
        await Check(kindergartens, [("grade", kindergartens.All[3].GetProperty("grade").GetString()!), ("nursery", "true")]);
    }
}
