using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;
using static OneCity.Web.Tests.GovServices.Portal.PortalTestKit;

namespace OneCity.Web.Tests.GovServices.Portal;

/// <summary>The portal's and the counter's page handlers over HTTP, on SQLite and PostgreSQL.</summary>
public sealed class PortalPageTests(Apps apps)
{
    private const string Newborn = "/Portal/Services/Apply?bundle=newborn";

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheServicesPageListsBundlesAndFiltersSingleServices(Db db)
    {
        var citizen = await ClientAsync(apps.Get(db), "citizen");
        var all = WebUtility.HtmlDecode(await citizen.GetStringAsync("/Portal/Services"));
        Assert.Contains("id=\"bundle-newborn\"", all, StringComparison.Ordinal);
        Assert.Contains("出生一件事", all, StringComparison.Ordinal);
        Assert.Contains("data-steps=\"10\"", all, StringComparison.Ordinal);
        Assert.Contains("上海市卫生健康委员会", all, StringComparison.Ordinal);

        var filtered = WebUtility.HtmlDecode(await citizen.GetStringAsync("/Portal/Services?kind=Registration&department=GA"));
        var codes = System.Text.RegularExpressions.Regex.Matches(filtered, "<article class=\"service\" data-code=\"([^\"]+)\" data-kind=\"([^\"]+)\" data-department=\"([^\"]+)\"");
        Assert.NotEmpty(codes);
        Assert.All(codes, m => Assert.Equal(("Registration", "GA"), (m.Groups[2].Value, m.Groups[3].Value)));

        var bad = WebUtility.HtmlDecode(await citizen.GetStringAsync("/Portal/Services?kind=Nonsense"));
        Assert.Contains("data-error-for=\"kind\"", bad, StringComparison.Ordinal);
        Assert.Contains("没有这种事项类型", bad, StringComparison.Ordinal);

        var english = WebUtility.HtmlDecode(await citizen.GetStringAsync("/Portal/Services?culture=en"));
        Assert.Contains("Get one thing done in one go", english, StringComparison.Ordinal);
        Assert.Contains("Having a baby / 出生一件事", english, StringComparison.Ordinal);
        var englishFlow = WebUtility.HtmlDecode(await citizen.GetStringAsync("/Portal/Services/Apply?bundle=newborn&culture=en"));
        Assert.Contains("Each condition was checked against the registries", englishFlow, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/Portal/Services/Apply?bundle=no-such-bundle")).StatusCode);
        var clerk = await ClientAsync(apps.Get(db), "clerk");
        Assert.NotEqual(HttpStatusCode.OK, (await clerk.GetAsync("/Portal/Services")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BadAnswersAreShownNextToTheirFieldsAndNothingIsStored(Db db)
    {
        var app = apps.Get(db);
        var citizen = await ClientAsync(app, await NewCitizenAsync(app, MarriedA), Password);
        var flow = new FlowDriver(citizen, Newborn);
        await flow.GetAsync();
        Assert.Equal("eligibility", flow.Step);
        Assert.Contains("data-code=\"applicant-married\" data-passed=\"true\"", flow.Html, StringComparison.Ordinal);

        await flow.PostAsync("form");
        Assert.Equal("form", flow.Step);
        var answers = NewbornAnswers().Where(a => a.Key != "babyName")
            .Select(a => a.Key == "otherParentIdNumber" ? (a.Key, "110105194912310021") : a.Key == "babyBirthDate" ? (a.Key, "2026-13-45") : a)
            .Append(("applicantMobile", "13900001111"));
        await flow.PostAsync("materials", FlowDriver.Answers(answers));
        Assert.Equal("form", flow.Step);
        Assert.Contains("必填", flow.Errors["answers.babyName"], StringComparison.Ordinal);
        Assert.Contains("校验码", flow.Errors["answers.otherParentIdNumber"], StringComparison.Ordinal);
        Assert.Contains("日期", flow.Errors["answers.babyBirthDate"], StringComparison.Ordinal);
        Assert.Contains("原因", flow.Errors["corrections.applicantMobile"], StringComparison.Ordinal);

        // Jumping straight to submit validates everything before it: still the form, still nothing stored.
        var response = await flow.PostAsync("submit", FlowDriver.Answers(answers));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("form", flow.Step);
        Assert.Equal(0, await CountApplicationsAsync(citizen));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheFlowSubmitsOnceEvenWhenTheFormIsPostedTwice(Db db)
    {
        var app = apps.Get(db);
        var citizen = await ClientAsync(app, await NewCitizenAsync(app, MarriedB), Password);
        var flow = new FlowDriver(citizen, Newborn);
        await flow.GetAsync();
        await flow.PostAsync("form");
        Assert.Contains("来自 人口综合库 · 姓名", flow.Text, StringComparison.Ordinal);

        // A corrected pre-filled value with its reason is accepted and sent as corrections[key].
        await flow.PostAsync("materials", FlowDriver.Answers(NewbornAnswers().Append(("applicantMobile", "13900001111")))
            .Append(("Corrections[applicantMobile]", "换了新手机号")));
        Assert.Equal("materials", flow.Step);
        Assert.Contains("免于提交", flow.Text, StringComparison.Ordinal);
        Assert.Contains("人口综合库", flow.Text, StringComparison.Ordinal);
        Assert.Contains("data-code=\"birth-medical-certificate\" data-disposition=\"ExemptLicence\"", flow.Html, StringComparison.Ordinal);

        // Missing commitment and uploads: named per material, still on the materials step.
        await flow.PostAsync("review");
        Assert.Equal("materials", flow.Step);
        Assert.All(flow.CommitmentsToSign, c => Assert.True(flow.Errors.ContainsKey("commitments." + c)));
        // The bank card copy is optional for one service of the plan and required by another: required.
        Assert.Contains("uploads.bank-card-copy", flow.Errors.Keys);

        var files = flow.FilesToUpload.Select((c, i) => (c, i % 2 == 0 ? "scan.pdf" : "photo.png", i % 2 == 0 ? Pdf : Png)).ToList();
        await flow.PostAsync("review", flow.CommitmentsToSign.Select(c => ("Commitments", c)), files);
        Assert.Equal("review", flow.Step);
        Assert.Empty(flow.Errors);
        Assert.Contains("已更正（原为", flow.Text, StringComparison.Ordinal);

        var first = Landed(await flow.PostAsync("submit"));
        Assert.True(first.StartsWith("/Portal/Services/Receipt?number=", StringComparison.Ordinal), flow.Describe());
        var second = Landed(await flow.PostAsync("submit"));
        Assert.Equal(first, second);
        var number = first.Split("number=")[1];
        Assert.Equal(1, await CountApplicationsAsync(citizen));

        var receipt = WebUtility.HtmlDecode(await citizen.GetStringAsync(first));
        Assert.Contains(number, receipt, StringComparison.Ordinal);
        Assert.Contains("id=\"receipt-promised\"", receipt, StringComparison.Ordinal);
        var stranger = await ClientAsync(app, "citizen");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/Portal/Applications/Detail?number=" + number)).StatusCode);

        var detail = await citizen.GetFromJsonAsync<JsonElement>("/api/applications/" + number);
        Assert.Equal("13900001111", detail.GetProperty("answers").GetProperty("applicantMobile").GetString());
        var provenance = detail.GetProperty("provenance").GetProperty("applicantMobile");
        Assert.True(provenance.GetProperty("corrected").GetBoolean());
        Assert.Equal("换了新手机号", provenance.GetProperty("reason").GetString());
        Assert.All(detail.GetProperty("materials").EnumerateArray().Where(m => m.GetProperty("disposition").GetString() == "Uploaded"
            && files.Any(f => f.c == m.GetProperty("code").GetString())), m => Assert.Equal(JsonValueKind.Number, m.GetProperty("fileId").ValueKind));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ADoubleClickThatSendsTheFormTwiceAtOnceMakesOneApplication(Db db)
    {
        var app = apps.Get(db);
        var citizen = await ClientAsync(app, await NewCitizenAsync(app, MarriedD), Password);
        var flow = new FlowDriver(citizen, Newborn);
        await flow.GetAsync();
        await flow.PostAsync("materials", FlowDriver.Answers(NewbornAnswers()));
        await flow.PostAsync("review", flow.CommitmentsToSign.Select(c => ("Commitments", c)), flow.FilesToUpload.Select(c => (c, "scan.pdf", Pdf)));
        Assert.Equal("review", flow.Step);

        var both = await Task.WhenAll(flow.PostAsync("submit"), flow.PostAsync("submit"));
        var landed = both.Select(Landed).ToList();
        Assert.All(landed, l => Assert.StartsWith("/Portal/Services/Receipt?number=", l, StringComparison.Ordinal));
        Assert.Equal(landed[0], landed[1]);
        Assert.Equal(1, await CountApplicationsAsync(citizen));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AFileThatIsNotPdfJpegOrPngIsRefusedPlainly(Db db)
    {
        var app = apps.Get(db);
        var citizen = await ClientAsync(app, await NewCitizenAsync(app, MarriedC), Password);
        var flow = new FlowDriver(citizen, Newborn);
        await flow.GetAsync();
        await flow.PostAsync("materials", FlowDriver.Answers(NewbornAnswers()));
        Assert.Equal("materials", flow.Step);
        var code = flow.FilesToUpload[0];
        await flow.PostAsync("review", flow.CommitmentsToSign.Select(c => ("Commitments", c)), [(code, "looks-like.pdf", NotAPdf)]);
        Assert.Equal("materials", flow.Step);
        Assert.Contains("「looks-like.pdf」不是 PDF、JPG 或 PNG 文件", flow.Errors["uploads." + code], StringComparison.Ordinal);
        Assert.Equal(0, await CountApplicationsAsync(citizen));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ShowWhenFieldsFollowTheAnswers(Db db)
    {
        var citizen = await ClientAsync(apps.Get(db), "citizen");
        var flow = new FlowDriver(citizen, "/Portal/Services/Apply?bundle=property-transfer");
        await flow.GetAsync();
        await flow.PostAsync("form");
        Assert.Equal("form", flow.Step);
        Assert.Contains("data-field=\"loanAmount\" hidden=\"hidden\"", flow.Html, StringComparison.Ordinal);
        Assert.Contains("data-refresh=\"true\"", flow.Html, StringComparison.Ordinal);

        var shown = await flow.PostAsync("form", [("Answers[useHousingFundLoan]", "true")], handler: "Visibility");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var visible = (await shown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visible").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains("loanAmount", visible);
        Assert.Contains("loanYears", visible);

        var hidden = await flow.PostAsync("form", [("Answers[useHousingFundLoan]", "false")], handler: "Visibility");
        var after = (await hidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visible").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.DoesNotContain("loanAmount", after);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheCounterSubmitsOnBehalfAndRecordsTheIdentityCheck(Db db)
    {
        var app = apps.Get(db);
        var clerk = await ClientAsync(apps.Get(db), "clerk");
        var owner = await NewCitizenAsync(app, Spouse);
        var applicant = await ClientAsync(app, owner, Password);
        var idNumber = await OwnIdNumberAsync(applicant);
        var flow = new FlowDriver(clerk, "/Workbench/Counter");
        await flow.GetAsync();
        Assert.Equal("identity", flow.Step);
        var reviewer = await ClientAsync(app, "reviewer");
        Assert.NotEqual(HttpStatusCode.OK, (await reviewer.GetAsync("/Workbench/Counter")).StatusCode);

        await flow.PostAsync("eligibility", [("IdNumber", "310101199001011235"), ("IdentityCheck", "telepathy"), ("Bundle", "newborn")]);
        Assert.Equal("identity", flow.Step);
        Assert.True(flow.Errors.ContainsKey("onBehalfOf.idNumber"));
        Assert.True(flow.Errors.ContainsKey("onBehalfOf.identityCheck"));

        await flow.PostAsync("eligibility", [("IdNumber", idNumber), ("IdentityCheck", "face-recognition"), ("Bundle", "newborn")]);
        Assert.Equal("eligibility", flow.Step);
        Assert.Contains("data-passed=\"true\"", flow.Html, StringComparison.Ordinal);
        await flow.PostAsync("materials", FlowDriver.Answers(NewbornAnswers()));
        Assert.Equal("materials", flow.Step);
        await flow.PostAsync("review", flow.CommitmentsToSign.Select(c => ("Commitments", c)), flow.FilesToUpload.Select(c => (c, "scan.pdf", Pdf)));
        Assert.Equal("review", flow.Step);
        var submitted = Landed(await flow.PostAsync("submit"));
        Assert.True(submitted.StartsWith("/Workbench/Counter/Receipt?number=", StringComparison.Ordinal), flow.Describe());
        var number = submitted.Split("number=")[1];

        var receipt = WebUtility.HtmlDecode(await clerk.GetStringAsync(submitted));
        Assert.Contains("人脸识别核验", receipt, StringComparison.Ordinal);
        var detail = await applicant.GetFromJsonAsync<JsonElement>("/api/applications/" + number);
        Assert.Equal("counter", detail.GetProperty("channel").GetString());
        Assert.Equal("face-recognition", detail.GetProperty("identityCheck").GetString());
        Assert.Equal("clerk", detail.GetProperty("agentUserName").GetString());
        var page = WebUtility.HtmlDecode(await applicant.GetStringAsync("/Portal/Applications/Detail?number=" + number));
        Assert.Contains("data-check=\"face-recognition\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnApplicantWhoIsNotEligibleIsToldWhyAndCannotGoOn(Db db)
    {
        var clerk = await ClientAsync(apps.Get(db), "clerk");
        var (_, idNumber) = await UnmarriedResidentAsync(clerk);
        var flow = new FlowDriver(clerk, "/Workbench/Counter");
        await flow.GetAsync();
        await flow.PostAsync("eligibility", [("IdNumber", idNumber), ("IdentityCheck", "id-card-reader"), ("Bundle", "newborn")]);
        Assert.Equal("eligibility", flow.Step);
        Assert.Contains("id=\"not-eligible\"", flow.Html, StringComparison.Ordinal);
        Assert.Contains("data-code=\"applicant-married\" data-passed=\"false\"", flow.Html, StringComparison.Ordinal);
        Assert.Contains("请携带相关证明到窗口办理", flow.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"go-form\"", flow.Html, StringComparison.Ordinal);

        await flow.PostAsync("form");
        Assert.Equal("eligibility", flow.Step);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ASupplementNoticeIsAnsweredWithOneForm(Db db)
    {
        var app = apps.Get(db);
        var citizen = await ClientAsync(app, await NewCitizenAsync(app, Spouse), Password);
        var number = await SubmitNewbornByApiAsync(citizen);

        var reviewer = await ClientAsync(apps.Get(db), "reviewer-wj");
        var step = await BirthCertificateStepAsync(reviewer, number);
        var asked = await reviewer.PostAsJsonAsync($"/api/govservices/steps/{step}/actions", new
        {
            action = "requestSupplement",
            items = new object[] { new { materialCode = "bank-card-copy", noteZh = "银行卡照片模糊，请重新拍摄上传" }, new { noteZh = "请说明出生医院的全称" } },
        });
        asked.EnsureSuccessStatusCode();

        var url = "/Portal/Applications/Detail?number=" + number;
        var page = WebUtility.HtmlDecode(await citizen.GetStringAsync(url));
        Assert.Contains("id=\"supplement-notice\"", page, StringComparison.Ordinal);
        Assert.Contains("银行卡照片模糊", page, StringComparison.Ordinal);
        Assert.Contains("请说明出生医院的全称", page, StringComparison.Ordinal);
        Assert.Contains("计时暂停", page, StringComparison.Ordinal);
        Assert.Contains("name=\"file-bank-card-copy\"", page, StringComparison.Ordinal);

        // A wrong file: named next to the material, nothing answered.
        var token = Token().Match(page).Groups[1].Value;
        var bad = await PostSupplementAsync(citizen, url, token, "上海市第一妇婴保健院", NotAPdf);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("data-error-for=\"uploads.bank-card-copy\"", badPage, StringComparison.Ordinal);
        Assert.Contains("id=\"supplement-notice\"", badPage, StringComparison.Ordinal);

        var ok = Landed(await PostSupplementAsync(citizen, url, token, "上海市第一妇婴保健院", Png));
        Assert.Contains("done=supplement", ok, StringComparison.Ordinal);
        var after = WebUtility.HtmlDecode(await citizen.GetStringAsync(ok));
        Assert.DoesNotContain("id=\"supplement-notice\"", after, StringComparison.Ordinal);
        Assert.Contains("id=\"detail-message\"", after, StringComparison.Ordinal);

        var detail = await citizen.GetFromJsonAsync<JsonElement>("/api/applications/" + number);
        var supplement = detail.GetProperty("supplements")[0];
        Assert.Equal("上海市第一妇婴保健院", supplement.GetProperty("answerNote").GetString());
        Assert.Equal("Accepted", detail.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("serviceCode").GetString() == "SH-WJ-001").GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheDetailLinksIssuedLicencesAndSaysWhatStillStandsAfterARefusal(Db db)
    {
        var app = apps.Get(db);
        var citizen = await ClientAsync(app, await NewCitizenAsync(app, Spouse), Password);
        var reviewer = await ClientAsync(app, "reviewer-wj");

        // Issued: the birth certificate step is accepted, approved and its e-licence issued.
        var issued = await SubmitNewbornByApiAsync(citizen);
        var step = await BirthCertificateStepAsync(reviewer, issued);
        foreach (var action in new[] { "accept", "approve", "issue" })
        {
            (await reviewer.PostAsJsonAsync($"/api/govservices/steps/{step}/actions", new { action })).EnsureSuccessStatusCode();
        }

        var licence = (await citizen.GetFromJsonAsync<JsonElement>("/api/applications/" + issued)).GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("id").GetInt64() == step).GetProperty("outputLicenceId").GetString();
        var page = WebUtility.HtmlDecode(await citizen.GetStringAsync("/Portal/Applications/Detail?number=" + issued));
        Assert.Contains($"href=\"/verify/{licence}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-step=\"birth-certificate\" data-status=\"Done\"", page, StringComparison.Ordinal);
        Assert.Contains("data-step=\"hukou\" data-status=\"Pending\"", page, StringComparison.Ordinal);

        // Refused: everything after the birth certificate is cancelled, the birth filing (independent) still stands.
        var refused = await SubmitNewbornByApiAsync(citizen, ("birthFilingDone", "false"));
        var first = await BirthCertificateStepAsync(reviewer, refused);
        (await reviewer.PostAsJsonAsync($"/api/govservices/steps/{first}/actions", new { action = "refuse", reason = "出生医学证明信息与医院记录不一致" })).EnsureSuccessStatusCode();
        var refusal = WebUtility.HtmlDecode(await citizen.GetStringAsync("/Portal/Applications/Detail?number=" + refused));
        var block = refusal[refusal.IndexOf("class=\"stop refusal\" data-step=\"birth-certificate\"", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("出生医学证明信息与医院记录不一致", block, StringComparison.Ordinal);
        Assert.Contains("data-step=\"hukou\"", block, StringComparison.Ordinal);
        Assert.Contains("data-step=\"childcare-subsidy\"", block, StringComparison.Ordinal);
        Assert.Contains("仍然有效：生育登记", block, StringComparison.Ordinal);
        Assert.Contains("怎么办", block, StringComparison.Ordinal);
        Assert.Contains("data-step=\"birth-filing\" data-status=\"Pending\"", refusal, StringComparison.Ordinal);
    }

    private static async Task<long> BirthCertificateStepAsync(HttpClient reviewer, string number)
    {
        var queue = await reviewer.GetFromJsonAsync<JsonElement>($"/api/govservices/queue?q={number}");
        return queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("serviceCode").GetString() == "SH-WJ-001").GetProperty("stepId").GetInt64();
    }

    private static async Task<HttpResponseMessage> PostSupplementAsync(HttpClient client, string url, string token, string note, byte[] file)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(url.Split("number=")[1]), "Number" },
            { new StringContent(note), "Note" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file-bank-card-copy", "bank-card.png" },
        };
        return await client.PostAsync(url + "&handler=Supplement", content);
    }

    /// <summary>A newborn application through the API (the supplement test is about the detail page, not the form).</summary>
    private static async Task<string> SubmitNewbornByApiAsync(HttpClient citizen, params (string Key, string Value)[] overrides)
    {
        var answers = NewbornAnswers().ToDictionary(a => a.Key, a => a.Value);
        foreach (var (k, v) in overrides)
        {
            answers[k] = v;
        }

        var preview = await (await citizen.PostAsJsonAsync("/api/bundles/newborn/preview", new { answers })).Content.ReadFromJsonAsync<JsonElement>();
        var uploads = new Dictionary<string, long>();
        foreach (var m in preview.GetProperty("materials").EnumerateArray().Where(m => m.GetProperty("disposition").GetString() == "Uploaded"))
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "scan.pdf" } };
            var file = await (await citizen.PostAsync("/api/applications/files", form)).Content.ReadFromJsonAsync<JsonElement>();
            uploads[m.GetProperty("code").GetString()!] = file.GetProperty("id").GetInt64();
        }

        var commitments = preview.GetProperty("materials").EnumerateArray().Where(m => m.GetProperty("disposition").GetString() == "Commitment")
            .Select(m => m.GetProperty("code").GetString()).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = JsonContent.Create(new { bundleCode = "newborn", answers, uploads, commitments }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await citizen.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }
}
