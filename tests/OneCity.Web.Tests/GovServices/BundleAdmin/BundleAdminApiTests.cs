using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneCity.Web.Tests.GovServices.Core;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.BundleAdmin;

/// <summary>Tests that publish versions of dog-registration run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BundleEditing
{
    public const string Name = "bundle editing";
}

[Collection(BundleEditing.Name)]
public sealed class BundleAdminApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnInvalidDefinitionIsRefusedWithEveryPathAndRule(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var definition = await CurrentDefinitionAsync(admin);
        definition["steps"]![0]!["service"] = "SH-XX-999";
        definition["eligibility"]![0]!["when"] = JsonNode.Parse("""{"fact":"applicant.shoeSize","op":"gte","value":18}""");
        definition["fields"]![0]!["services"] = new JsonArray("SH-MZ-001");

        var response = await PostDraftAsync(admin, "dog-registration", definition.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("unknown service SH-XX-999", errors.GetProperty("steps[0].service")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown fact applicant.shoeSize", errors.GetProperty("eligibility[0].when")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("fields[0].services", out _));

        // Malformed JSON and unknown members name the line and position.
        var broken = await PostDraftAsync(admin, "dog-registration", "{\n  \"code\": \"dog-registration\",\n  \"nameZh\": ,\n}");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var parse = (await broken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("line 3", parse.EnumerateObject().First().Value[0].GetString(), StringComparison.Ordinal);
        var unknown = await PostDraftAsync(admin, "dog-registration", "{\"code\":\"dog-registration\",\"colour\":\"red\"}");
        var member = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(member.EnumerateObject(), e => e.Value[0].GetString()!.Contains("line 1", StringComparison.Ordinal));

        // The code in the body is the bundle being edited; a citizen may not edit at all.
        var renamed = await CurrentDefinitionAsync(admin);
        renamed["code"] = "another-code";
        Assert.True((await (await PostDraftAsync(admin, "dog-registration", renamed.ToJsonString())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("code", out _));
        var citizen = await apps.ClientAs(db, "citizen");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/admin/bundles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostDraftAsync(citizen, "dog-registration", renamed.ToJsonString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/bundles/no-such-bundle/versions")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task APublishedVersionIsWhatApplicantsGetWhileSubmittedApplicationsKeepTheirs(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var before = await apps.Client(db).GetFromJsonAsync<JsonElement>("/api/bundles/dog-registration");
        var oldVersion = before.GetProperty("version").GetInt32();

        var citizen = await apps.ClientAs(db, "citizen");
        var number = await SubmitDogRegistrationAsync(citizen);

        var definition = await CurrentDefinitionAsync(admin);
        var key = "microchip" + Guid.NewGuid().ToString("N")[..6];
        definition["fields"]!.AsArray().Add(JsonNode.Parse($$"""
            {"key":"{{key}}","labelZh":"芯片编号","labelEn":"Microchip number","type":"Text","required":false,"services":["SH-GA-003"],"maxLength":30}
            """));
        var saved = await PostDraftAsync(admin, "dog-registration", definition.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var draft = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        var newVersion = draft.GetProperty("version").GetInt32();
        Assert.Equal(oldVersion + 1, newVersion);

        // A draft is not what applicants see.
        Assert.Equal(oldVersion, (await apps.Client(db).GetFromJsonAsync<JsonElement>("/api/bundles/dog-registration")).GetProperty("version").GetInt32());

        var published = await admin.PostAsync($"/api/admin/bundles/dog-registration/versions/{newVersion}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/bundles/dog-registration/versions/{newVersion}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/bundles/dog-registration/versions/9999/publish", null)).StatusCode);

        var after = await apps.Client(db).GetFromJsonAsync<JsonElement>("/api/bundles/dog-registration");
        Assert.Equal(newVersion, after.GetProperty("version").GetInt32());
        Assert.Contains(after.GetProperty("definition").GetProperty("fields").EnumerateArray(), f => f.GetProperty("key").GetString() == key);

        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/admin/bundles/dog-registration/versions");
        Assert.Equal("Published", versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == newVersion).GetProperty("status").GetString());
        Assert.Equal("Retired", versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == oldVersion).GetProperty("status").GetString());
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/bundles");
        Assert.Equal(newVersion, list.EnumerateArray().Single(b => b.GetProperty("code").GetString() == "dog-registration").GetProperty("publishedVersion").GetInt32());

        var application = await citizen.GetFromJsonAsync<JsonElement>($"/api/applications/{number}");
        Assert.Equal(oldVersion, application.GetProperty("bundleVersion").GetInt32());

        var auditor = await apps.ClientAs(db, "auditor");
        var ledger = await auditor.GetFromJsonAsync<JsonElement>("/api/audit/entries?action=govservices.bundle.publish");
        Assert.True(ledger.GetProperty("items").GetArrayLength() >= 1);
    }

    internal static async Task<JsonObject> CurrentDefinitionAsync(HttpClient admin)
    {
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/admin/bundles/dog-registration/versions");
        return JsonNode.Parse(versions[0].GetProperty("definitionJson").GetString()!)!.AsObject();
    }

    internal static Task<HttpResponseMessage> PostDraftAsync(HttpClient client, string code, string json) =>
        client.PostAsync($"/api/admin/bundles/{code}/drafts", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>The demo citizen applies for dog registration: uploads whatever the preview says must be uploaded.</summary>
    private static async Task<string> SubmitDogRegistrationAsync(HttpClient citizen)
    {
        var answers = new Dictionary<string, object>
        {
            ["dogName"] = "旺财", ["dogBreed"] = "柴犬", ["dogSex"] = "Male", ["dogBirthDate"] = GovApplying.DaysAgo(700), ["dogColour"] = "赤色", ["neutered"] = true,
            ["vaccinationDate"] = GovApplying.DaysAgo(30), ["vaccinationClinic"] = "黄浦区动物疫病预防控制中心", ["housingTenure"] = "owned",
        };
        var preview = await (await citizen.PostAsJsonAsync("/api/bundles/dog-registration/preview", new { answers })).Content.ReadFromJsonAsync<JsonElement>();
        var uploads = new Dictionary<string, long>();
        var commitments = new List<string>();
        foreach (var m in preview.GetProperty("materials").EnumerateArray())
        {
            var code = m.GetProperty("code").GetString()!;
            switch (m.GetProperty("disposition").GetString())
            {
                case "Commitment":
                    commitments.Add(code);
                    break;
                case "Uploaded" when code != "lease-contract":
                    using (var form = new MultipartFormDataContent())
                    {
                        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n% dog registration test\n%%EOF\n"));
                        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                        form.Add(file, "file", code + ".pdf");
                        var uploaded = await citizen.PostAsync("/api/applications/files", form);
                        uploaded.EnsureSuccessStatusCode();
                        uploads[code] = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                    }

                    break;
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = JsonContent.Create(new { bundleCode = "dog-registration", answers, uploads, commitments }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var submitted = await citizen.SendAsync(request);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }
}
