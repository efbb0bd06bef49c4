using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Portal;

/// <summary>What the portal tests share: fresh citizen accounts, the newborn answers, small valid files, a form driver.</summary>
internal static partial class PortalTestKit
{
    public const string Password = "Fresh-Passw0rd!";

    /// <summary>Married Huangpu residents (eligible for the newborn bundle): each test that counts applications takes its own.</summary>
    public const string Spouse = "P00000003";
    public const string MarriedA = "P00000006";
    public const string MarriedB = "P00000007";
    public const string MarriedC = "P00000038";
    public const string MarriedD = "P00000039";

    /// <summary>A minimal valid PDF and PNG (recognised by their first bytes).</summary>
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static readonly byte[] NotAPdf = "这不是 PDF，只是一段文字。"u8.ToArray();

    /// <summary>A new citizen account linked to a person in the population registry, so the test owns its applications list.</summary>
    public static async Task<string> NewCitizenAsync(OneCityFactory app, string personId)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var name = "cz" + Guid.NewGuid().ToString("N")[..10];
        var user = new PlatformUser
        {
            UserName = name, DisplayName = "测试市民 " + name, JurisdictionCode = AreaCodes.City, PersonId = personId, CreatedAt = DateTimeOffset.UtcNow,
        };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, Roles.Citizen)).Succeeded);
        return name;
    }

    /// <summary>The newborn bundle's answers that are not pre-filled (keys of the unified form).</summary>
    public static IReadOnlyList<(string Key, string Value)> NewbornAnswers() =>
    [
        ("babyName", "张小宝"), ("babyGender", "Male"), ("babyBirthDate", DateTime.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("birthHospital", "上海市第一妇婴保健院"), ("applicantRelation", "father"), ("otherParentName", "李娜"), ("otherParentIdNumber", "11010519491231002X"),
        ("hukouPlace", "father"), ("birthFilingDone", "true"), ("motherInsured", "false"), ("bankAccountNumber", "6222021234567890"), ("cardDelivery", "post"),
    ];

    /// <summary>
    /// Where a browser would land: the redirect's target, or the address the client ended on when it followed the
    /// redirect itself (the Kestrel-hosted test app's client does).
    /// </summary>
    public static string Landed(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400
        ? response.Headers.Location!.ToString()
        : response.RequestMessage!.RequestUri!.PathAndQuery;

    /// <summary>
    /// A bearer client that keeps cookies (for the antiforgery token) and does not follow redirects, on either test app
    /// (a followed redirect would drop the bearer token, and the redirect is what the tests look at).
    /// </summary>
    public static async Task<HttpClient> ClientAsync(OneCityFactory app, string user, string password = "OneCity-demo-1")
    {
        var client = app.Kestrel
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = new Uri(BrowserFixture.BaseUrl(app)) }
            : app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username = user, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<int> CountApplicationsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/applications")).GetArrayLength();

    /// <summary>An adult Huangpu resident the registry does not show as married, and their identity number (revealed by the clerk with a purpose).</summary>
    public static async Task<(string PersonId, string IdNumber)> UnmarriedResidentAsync(HttpClient clerk)
    {
        for (var i = 4; i < 200; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"P{i:D8}");
            var response = await clerk.GetAsync($"/api/registries/people/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            var person = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("person");
            if (person.GetProperty("maritalStatus").GetString() != "Married" && person.GetProperty("age").GetInt32() >= 18)
            {
                var revealed = await clerk.PostAsJsonAsync($"/api/registries/people/{id}/reveal", new { fields = new[] { "idNumber" }, purpose = "窗口帮办核对申请人身份（测试）" });
                revealed.EnsureSuccessStatusCode();
                return (id, (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values").GetProperty("idNumber").GetString()!);
            }
        }

        throw new InvalidOperationException("No unmarried adult in the first 200 residents.");
    }

    /// <summary>The identity number the registry holds for the signed-in citizen (the pre-filled value of the newborn form).</summary>
    public static async Task<string> OwnIdNumberAsync(HttpClient citizen)
    {
        var response = await citizen.PostAsJsonAsync("/api/bundles/newborn/preview", new { });
        response.EnsureSuccessStatusCode();
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fields").EnumerateArray();
        return fields.First(f => f.GetProperty("key").GetString() == "applicantIdNumber").GetProperty("value").GetString()!;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    public static partial Regex HiddenInput();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex Token();

    [GeneratedRegex("data-error-for=\"([^\"]+)\">([^<]*)<")]
    public static partial Regex FieldError();

    [GeneratedRegex("<form method=\"post\" enctype=\"multipart/form-data\" id=\"apply-form\" class=\"apply\" data-step=\"([a-z]+)\"")]
    public static partial Regex FormStep();

    [GeneratedRegex("name=\"file-([^\"]+)\"")]
    public static partial Regex FileInput();

    [GeneratedRegex("name=\"Commitments\" value=\"([^\"]+)\" id=")]
    public static partial Regex CommitmentBox();
}

/// <summary>
/// Drives a page of the applying flow over HTTP as a browser would: keeps the hidden state the page renders, posts it
/// back with the antiforgery token, the button's <c>go</c> value, the fields typed and the files chosen.
/// </summary>
internal sealed class FlowDriver(HttpClient client, string url)
{
    private List<KeyValuePair<string, string>> state = [];
    private string token = "";

    public string Html { get; private set; } = "";

    public string Url => url;

    /// <summary>The step the page shows (the form's data-step).</summary>
    public string Step => PortalTestKit.FormStep().Match(Html) is { Success: true } m ? m.Groups[1].Value : "";

    public IReadOnlyDictionary<string, string> Errors => PortalTestKit.FieldError().Matches(Html)
        .GroupBy(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(m => WebUtility.HtmlDecode(m.Groups[2].Value))));

    public IReadOnlyList<string> FilesToUpload => PortalTestKit.FileInput().Matches(Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    public IReadOnlyList<string> CommitmentsToSign => PortalTestKit.CommitmentBox().Matches(Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    public string Text => WebUtility.HtmlDecode(Html);

    /// <summary>The step, the field errors and the page's problems, for assertion messages.</summary>
    public string Describe() =>
        $"step={Step}; errors={string.Join(" | ", Errors.Select(e => e.Key + ": " + e.Value))}; problems=" +
        string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(Text, "<p class=\"error\">([^<]*)<").Select(m => m.Groups[1].Value));

    public async Task<HttpResponseMessage> GetAsync()
    {
        var response = await client.GetAsync(url);
        Read(await response.Content.ReadAsStringAsync());
        return response;
    }

    public async Task<HttpResponseMessage> PostAsync(string go, IEnumerable<(string Name, string Value)>? fields = null,
        IEnumerable<(string Code, string FileName, byte[] Bytes)>? files = null, string? handler = null)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (k, v) in state)
        {
            content.Add(new StringContent(v), k);
        }

        foreach (var (k, v) in fields ?? [])
        {
            content.Add(new StringContent(v), k);
        }

        content.Add(new StringContent(go), "go");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (code, name, bytes) in files ?? [])
        {
            content.Add(new ByteArrayContent(bytes), "file-" + code, name);
        }

        var target = handler is null ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
        var response = await client.PostAsync(target, content);
        if (response.StatusCode == HttpStatusCode.OK && handler is null)
        {
            Read(await response.Content.ReadAsStringAsync());
        }

        return response;
    }

    /// <summary>Answers as the form's field names.</summary>
    public static IEnumerable<(string, string)> Answers(IEnumerable<(string Key, string Value)> answers) => answers.Select(a => ($"Answers[{a.Key}]", a.Value));

    private void Read(string html)
    {
        Html = html;
        var start = html.IndexOf("id=\"apply-form\"", StringComparison.Ordinal);
        if (start < 0)
        {
            // Another page (the receipt): the form's state stays as it was, as in a browser's history.
            return;
        }

        token = PortalTestKit.Token().Match(html).Groups[1].Value;

        var form = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        state = PortalTestKit.HiddenInput().Matches(form)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
    }
}
