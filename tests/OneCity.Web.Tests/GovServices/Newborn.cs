using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Platform.PersonalData;
using OneCity.Web.Tests.GovServices.Core;

namespace OneCity.Web.Tests.GovServices;

/// <summary>
/// A newborn application by the demo citizen (the father, P00000001) through the API, built the way
/// <see cref="GovApplying"/> builds any application, and the departments acting on its steps.
/// </summary>
public static class Newborn
{
    public static byte[] Pdf => GovApplying.Pdf;

    /// <summary>
    /// The form as the citizen fills it; the rest is pre-filled from the population registry. The baby was born on
    /// <paramref name="born"/>, by default a week before today by the real clock (a test on a fake clock passes a date of its own).
    /// </summary>
    public static Dictionary<string, object?> Answers(DateOnly? born = null) => new()
    {
        ["babyName"] = "张小宝", ["babyGender"] = "Male",
        ["babyBirthDate"] = (born ?? GovApplying.Today.AddDays(-7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["birthHospital"] = "上海市第一妇婴保健院",
        ["applicantRelation"] = "father", ["otherParentName"] = "李丽", ["otherParentIdNumber"] = IdNumber("31010119920304002"),
        ["hukouPlace"] = "father", ["birthFilingDone"] = true, ["motherInsured"] = false, ["bankAccountNumber"] = "6222020200112233445", ["cardDelivery"] = "post",
    };

    /// <summary>Submits a newborn application (a baby born on <paramref name="born"/>) as the signed-in citizen and returns its number.</summary>
    public static async Task<string> SubmitAsync(HttpClient citizen, DateOnly? born = null)
    {
        var response = await GovApplying.SubmitAsync(citizen, await GovApplying.BodyAsync(citizen, "newborn", Answers(born)));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    public static Task<long> UploadAsync(HttpClient citizen, string name) => GovApplying.UploadAsync(citizen, Pdf, name);

    /// <summary>The application as its applicant sees it.</summary>
    public static Task<JsonElement> GetAsync(HttpClient client, string number) => client.GetFromJsonAsync<JsonElement>($"/api/applications/{number}");

    /// <summary>The application's steps as its applicant sees them.</summary>
    public static async Task<JsonElement[]> StepsAsync(HttpClient citizen, string number) =>
        (await GetAsync(citizen, number)).GetProperty("steps").EnumerateArray().ToArray();

    public static JsonElement Step(JsonElement application, string key) =>
        application.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepKey").GetString() == key);

    public static async Task<JsonElement> StepAsync(HttpClient client, string number, string key) => Step(await GetAsync(client, number), key);

    /// <summary>The id of the application's step for a service, as the department's queue shows it.</summary>
    public static async Task<long> StepIdAsync(HttpClient handler, string number, string serviceCode) =>
        (await QueueAsync(handler, number)).Single(i => i.GetProperty("serviceCode").GetString() == serviceCode).GetProperty("stepId").GetInt64();

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

    /// <summary>reviewer-wj accepts, approves and issues the medical birth certificate (SH-WJ-001); returns the step id.</summary>
    public static async Task<long> FinishBirthCertificateAsync(HttpClient reviewerWj, string number)
    {
        var id = await StepIdAsync(reviewerWj, number, "SH-WJ-001");
        await CompleteAsync(reviewerWj, id, 0);
        return id;
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
    public static string IdNumber(string first17) => first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
}
