using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.GovServices.Portal;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.GovServices.Core.GovApplying;

namespace OneCity.Web.Tests.GovServices.Core;

/// <summary>
/// Submissions are group-committed: many at once are written in few transactions, yet each Idempotency-Key still stores
/// one application, each uploaded file still attaches to one application, and every stored one gets its own number,
/// first event and "submitted" message.
/// </summary>
public sealed class SubmissionBatchTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ConcurrentSubmissionsKeepKeysAndFilesExclusive(Db db)
    {
        // An account of its own (a married resident no other test applies for), so counting its applications is safe.
        var citizen = await apps.ClientAs(db, await PortalTestKit.NewCitizenAsync(apps.Get(db), "P00000011"), PortalTestKit.Password);
        var bodies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => BodyAsync(citizen, "newborn", NewbornAnswers)));
        var before = (await citizen.GetFromJsonAsync<JsonElement>("/api/applications")).GetArrayLength();

        // At once: six different applications, the first one again five times under its key, and its files once more under a new key.
        var key = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(
            bodies.Select((b, n) => SubmitAsync(citizen, b, n == 0 ? key : null))
                .Concat(Enumerable.Range(0, 5).Select(_ => SubmitAsync(citizen, bodies[0], key)))
                .Append(SubmitAsync(citizen, bodies[0])));

        var answers = new Dictionary<HttpResponseMessage, JsonElement>();
        foreach (var r in results)
        {
            answers[r] = await r.Content.ReadFromJsonAsync<JsonElement>();
        }

        var created = results.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(6, created.Count);
        var numbers = created.Select(r => answers[r].GetProperty("number").GetString()!).ToList();
        Assert.Equal(6, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Matches("^YW[0-9]{16}$", n));

        // Six submissions want the first one's files: whichever got them first is stored, the others are refused. If a
        // keyed one won, its five repeats are answered with its number; if the keyless one won, no key stored anything.
        var codes = string.Join(", ", results.Select(r => (int)r.StatusCode));
        var keyed = results.Skip(6).Take(5).Prepend(results[0]).ToList();
        var keyless = results[^1];
        IEnumerable<HttpResponseMessage> refused;
        if (keyless.StatusCode == HttpStatusCode.Created)
        {
            Assert.True(keyed.All(r => r.StatusCode == HttpStatusCode.BadRequest), codes);
            refused = keyed;
        }
        else
        {
            Assert.True(keyless.StatusCode == HttpStatusCode.BadRequest, codes);
            Assert.True(keyed.Count(r => r.StatusCode == HttpStatusCode.Created) == 1 && keyed.Count(r => r.StatusCode == HttpStatusCode.Conflict) == 5, codes);
            var winner = answers[keyed.Single(r => r.StatusCode == HttpStatusCode.Created)];
            foreach (var r in keyed.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                var detail = answers[r].GetProperty("errors").GetProperty("Idempotency-Key")[0].GetString()!;
                Assert.Contains(winner.GetProperty("number").GetString()!, detail, StringComparison.Ordinal);
            }

            refused = [keyless];
        }

        foreach (var r in refused)
        {
            Assert.Contains(answers[r].GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("uploads.", StringComparison.Ordinal));
        }

        // Six stored, each with its first event, and each applicant message names its own application.
        Assert.Equal(before + 6, (await citizen.GetFromJsonAsync<JsonElement>("/api/applications")).GetArrayLength());
        foreach (var n in numbers)
        {
            var detail = await citizen.GetFromJsonAsync<JsonElement>($"/api/applications/{n}");
            Assert.Equal("submitted", detail.GetProperty("timeline")[0].GetProperty("kind").GetString());
        }

        // Messages are delivered to the inbox in the background.
        var delivered = false;
        for (var i = 0; i < 100 && !delivered; i++)
        {
            var inbox = await citizen.GetFromJsonAsync<JsonElement>("/api/notifications/inbox?take=200");
            var seen = inbox.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("body").GetString()!).ToList();
            delivered = numbers.All(n => seen.Count(b => b.Contains(n, StringComparison.Ordinal)) == 1);
            if (!delivered)
            {
                await Task.Delay(200);
            }
        }

        Assert.True(delivered, "each stored application's submitted message reaches the applicant's inbox once");
    }
}
