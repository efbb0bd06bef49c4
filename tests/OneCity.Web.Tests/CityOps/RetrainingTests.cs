using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneCity.CityOps.Classification;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>A dispatcher's correction retrains the classifier in the background, without a restart, at the next tick of the (fake) clock.</summary>
public sealed class RetrainingTests
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ACorrectionChangesALaterClassificationWithoutARestart(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        // Monday 12 October 2026, 09:00 in Shanghai.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 12, 9, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        await using var app = new OneCityFactory(db, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        app.StartServer();
        var citizen = await app.ClientAsAsync("citizen");
        var dispatcher = await app.ClientAsAsync("dispatcher");
        const string phrase = "电梯里的广告屏一直放声音，吵得很";

        // No place in the text: the report waits in triage with the classifier's category.
        var first = await Ops.Ok(await citizen.PostAsJsonAsync("/api/cityops/reports", new { text = phrase }), HttpStatusCode.Created);
        Assert.Equal("triage", first.GetProperty("status").GetString());
        var before = first.GetProperty("category").GetProperty("code").GetString()!;
        var corrected = before == "1601" ? "0501" : "1601";

        // The dispatcher registers it under another category: a correction, kept for retraining.
        var registered = await Ops.Act(dispatcher, first.GetProperty("number").GetString()!, "register", new { categoryCode = corrected, areaCode = "310101002" });
        Assert.Contains("reclassified", Ops.Timeline(registered));
        var classifier = app.Services.GetRequiredService<ReportClassifier>();
        Assert.Equal(0, classifier.Corrections);
        Assert.Equal(before, classifier.Classify(phrase).CategoryCode);

        // One correction is fewer than the count that retrains at once; the next tick (10 minutes) retrains.
        clock.Advance(TimeSpan.FromMinutes(10));
        var waited = Stopwatch.StartNew();
        while (classifier.Corrections == 0 && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, classifier.Corrections);
        var second = await Ops.Ok(await citizen.PostAsJsonAsync("/api/cityops/reports", new { text = phrase }), HttpStatusCode.Created);
        Assert.Equal(corrected, second.GetProperty("category").GetProperty("code").GetString());
    }
}
