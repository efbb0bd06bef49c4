using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OneCity.Web.Tests.GovServices.Queue;

/// <summary>
/// Builds valid newborn applications through the API, the way a citizen's browser does: preview to learn which
/// materials need an upload or a commitment, upload small PDFs, sign the commitments, submit; then acts on steps.
/// </summary>
internal static class Newborn
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    /// <summary>The form as the citizen (the father, P00000001) fills it; the rest is pre-filled from the population registry.</summary>
    public static Dictionary<string, object?> Answers() => new()
    {
        ["babyName"] = "张小宝", ["babyGender"] = "Male", ["babyBirthDate"] = "2026-09-01", ["birthHospital"] = "上海市第一妇婴保健院",
        ["applicantRelation"] = "father", ["otherParentName"] = "李丽", ["otherParentIdNumber"] = IdNumber("31010119920304002"),
        ["hukouPlace"] = "father", ["birthFilingDone"] = true, ["motherInsured"] = false, ["bankAccountNumber"] = "6222020200112233445", ["cardDelivery"] = "post",
    };

    /// <summary>Submits a newborn application as the signed-in citizen and returns its number.</summary>
    public static async Task<string> SubmitAsync(HttpClient citizen)
    {
        var answers = Answers();
        var preview = await Ok(await citizen.PostAsJsonAsync("/api/bundles/newborn/preview", new { answers }));
        var uploads = new Dictionary<string, long>();
        var commitments = new List<string>();
        foreach (var m in preview.GetProperty("materials").EnumerateArray())
        {
            var code = m.GetProperty("code").GetString()!;
            switch (m.GetProperty("disposition").GetString())
            {
                case "Uploaded":
                    uploads[code] = await UploadAsync(citizen, code + ".pdf");
                    break;
                case "Commitment":
                    commitments.Add(code);
                    break;
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = JsonContent.Create(new { bundleCode = "newborn", answers, uploads, commitments }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await citizen.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    public static async Task<long> UploadAsync(HttpClient citizen, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        var response = await citizen.PostAsync("/api/applications/files", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>The application as its applicant sees it.</summary>
    public static Task<JsonElement> GetAsync(HttpClient client, string number) => client.GetFromJsonAsync<JsonElement>($"/api/applications/{number}");

    public static JsonElement Step(JsonElement application, string key) =>
        application.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepKey").GetString() == key);

    public static async Task<JsonElement> StepAsync(HttpClient client, string number, string key) => Step(await GetAsync(client, number), key);

    public static Task<HttpResponseMessage> ActAsync(HttpClient handler, long stepId, object body) =>
        handler.PostAsJsonAsync($"/api/govservices/steps/{stepId}/actions", body);

    /// <summary>Acts and expects success; returns the step as the API answers it.</summary>
    public static async Task<JsonElement> DoAsync(HttpClient handler, long stepId, string action, int revision, string? reason = null) =>
        await Ok(await ActAsync(handler, stepId, new { action, revision, reason }));

    /// <summary>Accepts (unless it is accepted already), approves and (when the service issues an e-licence) issues a step.</summary>
    public static async Task<JsonElement> CompleteAsync(HttpClient handler, long stepId, int revision, bool accepted = false)
    {
        if (!accepted)
        {
            revision = (await DoAsync(handler, stepId, "accept", revision)).GetProperty("revision").GetInt32();
        }

        var step = await DoAsync(handler, stepId, "approve", revision);
        return step.GetProperty("status").GetString() == "Approved"
            ? await DoAsync(handler, stepId, "issue", step.GetProperty("revision").GetInt32())
            : step;
    }

    /// <summary>The department's queue rows of one application.</summary>
    public static async Task<List<JsonElement>> QueueAsync(HttpClient handler, string number, string query = "")
    {
        var page = await handler.GetFromJsonAsync<JsonElement>($"/api/govservices/queue?q={number}{query}");
        return page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("applicationNumber").GetString() == number).ToList();
    }

    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A valid resident identity number (GB 11643) from its first 17 digits.</summary>
    public static string IdNumber(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }
}
