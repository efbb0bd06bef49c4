using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;
using OneCity.Web.Tests.Organisation;
using static OneCity.Web.Tests.GovServices.Core.GovApplying;

namespace OneCity.Web.Tests.GovServices.Core;

public sealed class ApplyingApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ThePreviewExplainsEligibilityPrefillsWithSourcesAndComputesMaterials(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var preview = await (await citizen.PostAsJsonAsync("/api/bundles/newborn/preview", new { answers = NewbornAnswers })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(preview.GetProperty("eligible").GetBoolean());
        Assert.All(preview.GetProperty("eligibility").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("explanationZh").GetString())));

        var name = preview.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "applicantName");
        Assert.Equal("SH-GA-population.name", name.GetProperty("source").GetString());
        Assert.Equal("张伟", name.GetProperty("value").GetString());

        var materials = preview.GetProperty("materials").EnumerateArray().ToList();
        Assert.Contains(materials, m => m.GetProperty("disposition").GetString() == "ExemptRegistry");
        Assert.Contains(materials, m => m.GetProperty("disposition").GetString() == "Commitment");
        // The medical birth certificate is produced by the bundle's first step, so later steps do not ask for it.
        Assert.Equal("ExemptLicence", materials.Single(m => m.GetProperty("code").GetString() == "birth-medical-certificate").GetProperty("disposition").GetString());

        // Conditional inclusion with its reason: no maternity benefit when the mother is not insured.
        var uninsured = new Dictionary<string, object?>(NewbornAnswers) { ["motherInsured"] = false };
        var p2 = await (await citizen.PostAsJsonAsync("/api/bundles/newborn/preview", new { answers = uninsured })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(p2.GetProperty("excluded").EnumerateArray(), s => s.GetProperty("stepId").GetString() == "maternity-benefit");
        Assert.DoesNotContain(p2.GetProperty("steps").EnumerateArray(), s => s.GetProperty("stepId").GetString() == "maternity-benefit");
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ASubmissionFansOutToDepartmentStepsWithAPromisedDate(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var response = await SubmitAsync(citizen, await BodyAsync(citizen, "newborn", NewbornAnswers));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        var number = receipt.GetProperty("number").GetString()!;
        Assert.Matches(@"^YW\d{16}$", number);
        var promised = DateOnly.Parse(receipt.GetProperty("promisedBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(promised > DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)));

        var detail = await citizen.GetFromJsonAsync<JsonElement>($"/api/applications/{number}");
        var steps = detail.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal("Pending", steps.Single(s => s.GetProperty("stepKey").GetString() == "birth-certificate").GetProperty("status").GetString());
        Assert.Equal("Blocked", steps.Single(s => s.GetProperty("stepKey").GetString() == "social-security-card").GetProperty("status").GetString());
        Assert.Equal("310101-WJ", steps.Single(s => s.GetProperty("stepKey").GetString() == "birth-certificate").GetProperty("departmentCode").GetString());
        Assert.False(detail.GetProperty("provenance").GetProperty("applicantName").GetProperty("corrected").GetBoolean());

        var mine = await citizen.GetFromJsonAsync<JsonElement>("/api/applications");
        Assert.Contains(mine.EnumerateArray(), a => a.GetProperty("number").GetString() == number);

        // The ledger has the submission, with the applicant as subject.
        var auditor = await apps.ClientAs(db, "auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/entries?objectId={number}");
        Assert.Contains(entries.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "govservices.application.submit");

        // Another citizen cannot see it.
        var company = await apps.ClientAs(db, "company");
        Assert.Equal(HttpStatusCode.NotFound, (await company.GetAsync($"/api/applications/{number}")).StatusCode);

        // The health commission handles its first step: its reviewer reads the application, but a counter clerk of the
        // same department has no reason to, and cannot.
        Assert.Equal(HttpStatusCode.OK, (await (await apps.ClientAs(db, "reviewer-wj")).GetAsync($"/api/applications/{number}")).StatusCode);
        var (_, clerkName) = await Accounts.CreateAsync(apps, db, Roles.CounterClerk, "310101-WJ");
        var clerk = await apps.ClientAs(db, clerkName, Accounts.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/api/applications/{number}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadInputIsNamedAndNothingIsStored(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var before = (await citizen.GetFromJsonAsync<JsonElement>("/api/applications")).GetArrayLength();
        var good = await BodyAsync(citizen, "newborn", NewbornAnswers);

        async Task<JsonElement> Errors(Dictionary<string, object?> body, HttpStatusCode expected = HttpStatusCode.BadRequest)
        {
            var r = await SubmitAsync(citizen, body);
            Assert.Equal(expected, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }

        Dictionary<string, object?> With(string key, object? value) =>
            new(good) { ["answers"] = new Dictionary<string, object?>((Dictionary<string, object?>)good["answers"]!) { [key] = value } };

        Assert.True((await Errors(With("otherParentIdNumber", "110105194912310021"))).TryGetProperty("answers.otherParentIdNumber", out _));
        Assert.True((await Errors(With("babyName", null))).TryGetProperty("answers.babyName", out _));
        Assert.True((await Errors(With("babyGender", "Unknown"))).TryGetProperty("answers.babyGender", out _));
        Assert.True((await Errors(With("babyBirthDate", "20/11/2026"))).TryGetProperty("answers.babyBirthDate", out _));
        Assert.True((await Errors(With("nonsense", "x"))).TryGetProperty("answers.nonsense", out _));
        // Changing a pre-filled value needs a reason.
        Assert.True((await Errors(With("applicantName", "张大伟"))).TryGetProperty("corrections.applicantName", out _));
        // A commitment left unsigned, an upload missing.
        Assert.Contains((await Errors(new(good) { ["commitments"] = Array.Empty<string>() })).EnumerateObject(), p => p.Name.StartsWith("commitments.", StringComparison.Ordinal));
        Assert.Contains((await Errors(new(good) { ["uploads"] = new Dictionary<string, long>() })).EnumerateObject(), p => p.Name.StartsWith("uploads.", StringComparison.Ordinal));
        Assert.True((await Errors(new(good) { ["bundleCode"] = "nope" })).TryGetProperty("bundleCode", out _));
        Assert.Equal(before, (await citizen.GetFromJsonAsync<JsonElement>("/api/applications")).GetArrayLength());

        // A correction with a reason is accepted and recorded.
        var corrected = With("applicantName", "张大伟");
        corrected["corrections"] = new Dictionary<string, string> { ["applicantName"] = "已于上月改名，户籍信息待更新" };
        var ok = await SubmitAsync(citizen, corrected);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var number = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        var detail = await citizen.GetFromJsonAsync<JsonElement>($"/api/applications/{number}");
        Assert.True(detail.GetProperty("provenance").GetProperty("applicantName").GetProperty("corrected").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ADoubleSubmitWithTheSameKeyIsRefusedAndStoredOnce(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var body = await BodyAsync(citizen, "newborn", NewbornAnswers);
        var key = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(SubmitAsync(citizen, body, key), SubmitAsync(citizen, body, key));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        var conflict = Assert.Single(results, r => r.StatusCode != HttpStatusCode.Created);
        Assert.True(conflict.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, conflict.StatusCode.ToString());
        var again = await SubmitAsync(citizen, body, key);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        // The same key with a different request is not a replay: it is refused as a misuse of the key, and nothing is stored.
        var before = (await citizen.GetFromJsonAsync<JsonElement>("/api/applications")).GetArrayLength();
        var different = await BodyAsync(citizen, "newborn", new Dictionary<string, object?>(NewbornAnswers) { ["babyName"] = "张小二" });
        var misuse = await SubmitAsync(citizen, different, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, misuse.StatusCode);
        var problem = await misuse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("different request", problem.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await citizen.GetFromJsonAsync<JsonElement>("/api/applications")).GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TwoApplicationsRacingForTheSameUploadedFilesAttachThemToOneOnly(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var body = await BodyAsync(citizen, "newborn", NewbornAnswers);
        Assert.NotEmpty((Dictionary<string, long>)body["uploads"]!);
        var results = await Task.WhenAll(SubmitAsync(citizen, body), SubmitAsync(citizen, body));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(results, r => r.StatusCode != HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.BadRequest, loser.StatusCode);
        var errors = (await loser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.StartsWith("uploads.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task UploadsAreCheckedByContentAndSize(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        using var text = new MultipartFormDataContent { { new ByteArrayContent("just text, named like a pdf"u8.ToArray()), "file", "passport.pdf" } };
        var wrong = await citizen.PostAsync("/api/applications/files", text);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));

        var big = new byte[(10 * 1024 * 1024) + 1];
        Pdf.CopyTo(big, 0);
        using var large = new MultipartFormDataContent { { new ByteArrayContent(big), "file", "big.pdf" } };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await citizen.PostAsync("/api/applications/files", large)).StatusCode);

        using var empty = new MultipartFormDataContent { { new ByteArrayContent([]), "file", "empty.pdf" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.PostAsync("/api/applications/files", empty)).StatusCode);

        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        using var image = new MultipartFormDataContent { { new ByteArrayContent(png), "file", "photo.bin" } };
        var ok = await citizen.PostAsync("/api/applications/files", image);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal("image/png", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contentType").GetString());

        // Someone else's file cannot be attached.
        var company = await apps.ClientAs(db, "company");
        var theirs = await UploadAsync(company, Pdf, "theirs.pdf");
        var body = await BodyAsync(citizen, "newborn", NewbornAnswers);
        var uploads = (Dictionary<string, long>)body["uploads"]!;
        var code = uploads.Keys.First();
        uploads[code] = theirs;
        var refused = await SubmitAsync(citizen, body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("uploads." + code, out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ACounterClerkAppliesOnBehalfWithTheIdentityCheckRecorded(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var preview = await (await citizen.PostAsJsonAsync("/api/bundles/dog-registration/preview", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var idNumber = preview.GetProperty("fields").EnumerateArray().First(f => f.GetProperty("type").GetString() == "IdNumber" && f.GetProperty("source").ValueKind == JsonValueKind.String)
            .GetProperty("value").GetString()!;

        var clerk = await apps.ClientAs(db, "clerk");
        var missingCheck = await clerk.PostAsJsonAsync("/api/bundles/newborn/preview", new { onBehalfOf = new { idNumber } });
        Assert.Equal(HttpStatusCode.BadRequest, missingCheck.StatusCode);
        Assert.True((await missingCheck.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("onBehalfOf.identityCheck", out _));

        var onBehalf = new { idNumber, identityCheck = "id-card-reader" };
        var response = await SubmitAsync(clerk, await BodyAsync(clerk, "newborn", NewbornAnswers, onBehalf));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;

        // It belongs to the citizen, who sees it; the detail records the clerk and the identity check.
        var detail = await citizen.GetFromJsonAsync<JsonElement>($"/api/applications/{number}");
        Assert.Equal("counter", detail.GetProperty("channel").GetString());
        Assert.Equal("clerk", detail.GetProperty("agentUserName").GetString());
        Assert.Equal("id-card-reader", detail.GetProperty("identityCheck").GetString());

        // A citizen cannot apply for someone else.
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync("/api/bundles/newborn/preview", new { onBehalfOf = onBehalf })).StatusCode);
    }
}
