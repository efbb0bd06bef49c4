using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Platform.PersonalData;

namespace OneCity.Web.Tests.GovServices.Ratings;

/// <summary>A newborn application by the demo citizen through the API, and the health department finishing its first step.</summary>
internal static class Newborn
{
    public static Dictionary<string, object?> Answers(DateOnly today)
    {
        const string first17 = "31010119920821002";
        return new()
        {
            ["babyName"] = "张小宝",
            ["babyGender"] = "Female",
            ["babyBirthDate"] = today.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["birthHospital"] = "上海市第一妇婴保健院",
            ["applicantRelation"] = "father",
            ["otherParentName"] = "李娜",
            ["otherParentIdNumber"] = first17 + ResidentIdNumber.ComputeCheckCharacter(first17),
            ["hukouPlace"] = "father",
            ["birthFilingDone"] = true,
            ["motherInsured"] = false,
            ["bankAccountNumber"] = "6222020200112233445",
            ["cardDelivery"] = "post",
        };
    }

    /// <summary>Previews, uploads what must be uploaded, signs the commitments and submits; returns the application number.</summary>
    public static async Task<string> SubmitAsync(HttpClient citizen, DateOnly today)
    {
        var answers = Answers(today);
        var previewResponse = await citizen.PostAsJsonAsync("/api/bundles/newborn/preview", new { answers });
        Assert.True(previewResponse.IsSuccessStatusCode, await previewResponse.Content.ReadAsStringAsync());
        var preview = await previewResponse.Content.ReadFromJsonAsync<JsonElement>();
        var uploads = new Dictionary<string, long>();
        var commitments = new List<string>();
        foreach (var m in preview.GetProperty("materials").EnumerateArray())
        {
            var code = m.GetProperty("code").GetString()!;
            switch (m.GetProperty("disposition").GetString())
            {
                case "Uploaded":
                    uploads[code] = await UploadAsync(citizen, code);
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
        var submitted = await citizen.SendAsync(request);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    private static async Task<long> UploadAsync(HttpClient citizen, string code)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4\n% OneCity test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", code + ".pdf");
        var response = await citizen.PostAsync("/api/applications/files", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>The id of the application's step for a service, as the department's queue shows it.</summary>
    public static async Task<long> StepIdAsync(HttpClient departmentStaff, string number, string serviceCode)
    {
        var queue = await departmentStaff.GetFromJsonAsync<JsonElement>($"/api/govservices/queue?q={number}");
        return queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("applicationNumber").GetString() == number
            && i.GetProperty("serviceCode").GetString() == serviceCode).GetProperty("stepId").GetInt64();
    }

    public static async Task ActAsync(HttpClient staff, long stepId, string action, string? reason = null)
    {
        var response = await staff.PostAsJsonAsync($"/api/govservices/steps/{stepId}/actions", new { action, reason });
        Assert.True(response.IsSuccessStatusCode, $"{action}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>reviewer-wj accepts, approves and issues the medical birth certificate (SH-WJ-001); returns the step id.</summary>
    public static async Task<long> FinishBirthCertificateAsync(HttpClient reviewerWj, string number)
    {
        var id = await StepIdAsync(reviewerWj, number, "SH-WJ-001");
        await ActAsync(reviewerWj, id, "accept");
        await ActAsync(reviewerWj, id, "approve");
        await ActAsync(reviewerWj, id, "issue");
        return id;
    }

    /// <summary>The application's steps as its applicant sees them.</summary>
    public static async Task<JsonElement[]> StepsAsync(HttpClient citizen, string number) =>
        (await citizen.GetFromJsonAsync<JsonElement>($"/api/applications/{number}")).GetProperty("steps").EnumerateArray().ToArray();
}
