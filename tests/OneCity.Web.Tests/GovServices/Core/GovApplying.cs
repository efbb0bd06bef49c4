using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneCity.Web.Tests.GovServices.Core;

/// <summary>Builds valid applications the way an applicant would: preview, upload what must be uploaded, sign commitments, submit.</summary>
public static class GovApplying
{
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    /// <summary>The newborn form for a baby born a week ago (by the real clock in Shanghai, which the shared test apps run on).</summary>
    public static readonly Dictionary<string, object?> NewbornAnswers = new()
    {
        ["babyName"] = "张小宝", ["babyGender"] = "Male", ["babyBirthDate"] = DaysAgo(7), ["birthHospital"] = "上海市第一妇婴保健院",
        ["applicantRelation"] = "father", ["otherParentName"] = "李娜", ["otherParentIdNumber"] = "11010519491231002X", ["hukouPlace"] = "father",
        ["birthFilingDone"] = true, ["motherInsured"] = true, ["bankAccountNumber"] = "6222020000000000", ["cardDelivery"] = "post",
    };

    /// <summary>Today in Shanghai by the real clock.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>The date <paramref name="days"/> days before today in Shanghai, as a form answers it (yyyy-MM-dd).</summary>
    public static string DaysAgo(int days) => Today.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<long> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        var response = await client.PostAsync("/api/applications/files", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>A complete submission body for a bundle: answers, every commitment signed, every upload material uploaded.</summary>
    public static async Task<Dictionary<string, object?>> BodyAsync(HttpClient client, string bundle, IReadOnlyDictionary<string, object?> answers, object? onBehalfOf = null)
    {
        var preview = await client.PostAsJsonAsync($"/api/bundles/{bundle}/preview", new { answers, onBehalfOf });
        preview.EnsureSuccessStatusCode();
        var view = await preview.Content.ReadFromJsonAsync<JsonElement>();
        var uploads = new Dictionary<string, long>();
        var commitments = new List<string>();
        foreach (var m in view.GetProperty("materials").EnumerateArray())
        {
            var code = m.GetProperty("code").GetString()!;
            switch (m.GetProperty("disposition").GetString())
            {
                case "Uploaded":
                    uploads[code] = await UploadAsync(client, Pdf, code + ".pdf");
                    break;
                case "Commitment":
                    commitments.Add(code);
                    break;
            }
        }

        return new Dictionary<string, object?>
        {
            ["bundleCode"] = bundle, ["answers"] = answers, ["uploads"] = uploads, ["commitments"] = commitments, ["onBehalfOf"] = onBehalfOf,
        };
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return await client.SendAsync(request);
    }

    /// <summary>Submits a newborn application as the given client and returns its number.</summary>
    public static async Task<string> NewbornAsync(HttpClient citizen)
    {
        var response = await SubmitAsync(citizen, await BodyAsync(citizen, "newborn", NewbornAnswers));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("number").GetString()!;
    }
}
