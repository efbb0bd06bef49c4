using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>The NYC 311 importer maps complaint types and agencies and reports data-quality problems instead of accepting them.</summary>
public sealed class HistoryImportTests(Apps apps)
{
    private const string Header = "Unique Key,Created Date,Closed Date,Agency,Agency Name,Complaint Type,Descriptor,Incident Zip,Status,Resolution Description,Open Data Channel Type,Latitude,Longitude";

    private static string Csv(string prefix) => string.Join('\n',
        Header,
        $"{prefix}1,02/28/2023 11:45:00 PM,01/01/2023 01:00:00 AM,DOT,Department of Transportation,Traffic Signal Condition,Controller,10011,Closed,\"Service Request status is available on the Department of Transportation\u00e2\u0080\u0099s website.\",UNKNOWN,40.7482,-74.0074",
        $"{prefix}2,02/28/2023 11:44:59 PM,03/01/2023 01:04:12 AM,NYPD,New York City Police Department,Illegal Parking,Blocked Hydrant,88888,Closed,The Police Department responded.,ONLINE,40.82,-73.90",
        $"{prefix}3,02/28/2023 10:00:00 AM,,HPD,Department of Housing,HEAT/HOT WATER,ENTIRE BUILDING,10025,Open,,PHONE,,",
        $"{prefix}4,not a date,,DSNY,Department of Sanitation,Dirty Condition,Trash,10001,Open,,MOBILE,40.75,-73.99",
        $"{prefix}5,02/28/2023 09:00:00 AM,,XYZ,Unknown Agency,Unicorn Sighting,Sparkly,10001,Open,,MOBILE,40.75,-73.99",
        $"{prefix}2,02/28/2023 11:44:59 PM,,NYPD,New York City Police Department,Illegal Parking,Blocked Hydrant,10455,Open,,ONLINE,40.82,-73.90") + "\n";

    private static MultipartFormDataContent Form(string csv, bool dryRun, string? mapping = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "nyc311.csv");
        if (mapping is not null)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(mapping)), "mapping", "mapping.json");
        }

        form.Add(new StringContent(dryRun ? "true" : "false"), "dryRun");
        return form;
    }

    private static int Count(JsonElement report, string code) =>
        report.GetProperty("problems").EnumerateArray().FirstOrDefault(p => p.GetProperty("code").GetString() == code) is { ValueKind: JsonValueKind.Object } p ? p.GetProperty("rows").GetInt32() : 0;

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ProblemsAreReportedAndTheImportIsIdempotent(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var prefix = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var csv = Csv(prefix);

        var dry = await Ops.Ok(await admin.PostAsync("/api/cityops/imports/nyc311", Form(csv, dryRun: true)));
        Assert.Equal(6, dry.GetProperty("rows").GetInt32());
        Assert.Equal(0, dry.GetProperty("imported").GetInt32());
        Assert.Equal(2, dry.GetProperty("rejected").GetInt32()); // the unreadable date and the repeated key
        Assert.Equal(1, Count(dry, "closed-before-created"));
        Assert.Equal(1, Count(dry, "placeholder-zip"));
        Assert.Equal(1, Count(dry, "broken-encoding"));
        Assert.Equal(1, Count(dry, "missing-coordinates"));
        Assert.Equal(1, Count(dry, "unmapped-category"));
        Assert.Equal(1, Count(dry, "unmapped-agency"));
        Assert.Equal(1, Count(dry, "bad-created-date"));
        Assert.Equal(1, Count(dry, "duplicate-key"));
        Assert.Contains($"{prefix}1", dry.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "closed-before-created")
            .GetProperty("examples").EnumerateArray().Select(e => e.GetString()));

        var real = await Ops.Ok(await admin.PostAsync("/api/cityops/imports/nyc311", Form(csv, dryRun: false)));
        Assert.Equal(4, real.GetProperty("imported").GetInt32());
        var again = await Ops.Ok(await admin.PostAsync("/api/cityops/imports/nyc311", Form(csv, dryRun: false)));
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.Equal(4, again.GetProperty("alreadyImported").GetInt32());

        // A mapping that names a category OneCity lacks is refused before anything is read; only administrators import.
        await Ops.Field(await admin.PostAsync("/api/cityops/imports/nyc311", Form(csv, true, """{"source":"x","complaintTypes":{"A":"9999"},"agencies":{}}""")), "mapping");
        await Ops.Field(await admin.PostAsync("/api/cityops/imports/nyc311", Form("just,some\n1,2\n", true)), "file");
        var dispatcher = await apps.ClientAs(db, "dispatcher");
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.PostAsync("/api/cityops/imports/nyc311", Form(csv, true))).StatusCode);
    }

    [Fact]
    public void TextReadWithTheWrongEncodingIsRepaired()
    {
        var broken = "Department of Transportation\u00e2\u0080\u0099s website";
        Assert.True(OneCity.CityOps.History.Nyc311Importer.LooksMisdecoded(broken));
        Assert.Equal("Department of Transportation\u2019s website", OneCity.CityOps.History.Nyc311Importer.Repair(broken));
        Assert.False(OneCity.CityOps.History.Nyc311Importer.LooksMisdecoded("上海市 façade"));
    }
}
