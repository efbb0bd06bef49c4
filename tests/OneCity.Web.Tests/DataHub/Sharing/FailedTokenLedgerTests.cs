using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Sharing;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.DataHub.Sharing.SharingHelpers;

namespace OneCity.Web.Tests.DataHub.Sharing;

/// <summary>Calls refused at the token are answered 401/403 and recorded in the audit ledger, aggregated per client, reason, endpoint and minute.</summary>
public sealed class FailedTokenLedgerTests(Apps apps)
{
    private const string Url = $"/api/datahub/data/{Population}/records/P00000001";

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TokenFailuresAreRecordedWithoutFloodingTheLedger(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture);
        var admin = await apps.ClientAs(db, "admin");
        var created = await PostOk(admin, "/api/datahub/clients", new { departmentCode = "SH-MZ", displayName = "failed token test" });
        var clientId = created.GetProperty("clientId").GetString()!;
        var secret = created.GetProperty("clientSecret").GetString()!;

        // A valid token of a known client without the data API's scope: 403, recorded under the client's id.
        var anonymous = apps.Client(db);
        var noScope = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }), ct);
        var noScopeToken = (await noScope.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await FetchWith(apps.Client(db), noScopeToken)).StatusCode);

        // Forged (tampered) token, no token, a staff token: 401 each, with the reason.
        var token = await TokenAsync(anonymous, clientId, secret);
        var forged = token[..(token.Length / 2)] + (token[token.Length / 2] == 'A' ? 'B' : 'A') + token[((token.Length / 2) + 1)..];
        var calls = 0;
        for (var i = 0; i < 12; i++)
        {
            var r = await FetchWith(apps.Client(db), forged);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            calls++;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Fetch(apps.Client(db), Url, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fetch(await apps.ClientAs(db, "clerk"), Url, "x")).StatusCode);

        // The repeats of this minute are written as one summary now instead of at the end of the minute.
        await apps.Get(db).Services.GetRequiredService<FailedCallRecorder>().FlushAsync(all: true);

        var auditor = await apps.ClientAs(db, "auditor");
        var page = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?action={FailedCallRecorder.Action}&from={Uri.EscapeDataString(since)}&pageSize=200", ct);
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        string Details(JsonElement e) => e.GetProperty("details").GetString()!;

        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == clientId && e.GetProperty("department").GetString() == "SH-MZ"
            && e.GetProperty("action").GetString() == FailedCallRecorder.Action && Details(e) == "reason=scope missing; status=403"
            && e.GetProperty("objectType").GetString() == Population && e.GetProperty("objectId").GetString() == "GET /api/datahub/data/{dataset}/records/{key}");
        Assert.Contains(entries, e => Details(e).StartsWith("reason=token missing; status=401", StringComparison.Ordinal));
        Assert.Contains(entries, e => Details(e).StartsWith("reason=token invalid; status=401", StringComparison.Ordinal)
            && e.GetProperty("actor").GetString() == FailedCallRecorder.UnknownClient);
        Assert.DoesNotContain(entries, e => Details(e).Contains(token[..20], StringComparison.Ordinal) || Details(e).Contains(forged[..20], StringComparison.Ordinal));

        // Twelve forged calls (plus the staff token's, same reason) are at most a first entry and a summary per minute, and the
        // summaries count every repeat; other tests may add to the same counts, never remove from them.
        var invalid = entries.Where(e => Details(e).StartsWith("reason=token invalid;", StringComparison.Ordinal)).ToList();
        Assert.InRange(invalid.Count, 1, 8);
        var counted = invalid.Sum(e => e.GetProperty("action").GetString() == FailedCallRecorder.RepeatedAction
            ? int.Parse(Details(e).Split("repeats=")[1].Split(';')[0], CultureInfo.InvariantCulture)
            : 1);
        Assert.True(counted >= calls + 1, $"{counted} failures counted for {calls + 1} calls");
    }

    private static Task<HttpResponseMessage> FetchWith(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Fetch(client, Url, "social-insurance-enrolment");
    }
}
