using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Contracts;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Web.Pages.Portal.Services;

/// <summary>One material of the application as the applicant sees it: exempt (and why), a commitment, or an upload.</summary>
public sealed record MaterialRow(string Code, string NameZh, string NameEn, string Disposition, bool Required, FlowMessage? Why, string? LicenceId,
    string? CommitmentZh, string? CommitmentEn, long? FileId, string? FileName, long? FileSize);

/// <summary>Where a pre-filled value came from, in words: the dataset's and the field's titles.</summary>
public sealed record SourceName(string DatasetZh, string DatasetEn, string FieldZh, string FieldEn);

/// <summary>
/// The applying flow shared by the citizen's page (/Portal/Services/Apply) and the counter clerk's 帮办 page
/// (/Workbench/Counter): eligibility, the unified form pre-filled from the registries, materials, review and submit.
/// Every step posts the whole state back (hidden fields), so the server re-runs the preview and validates everything
/// up to the step asked for; the final submission goes through <see cref="ApplicationService.SubmitAsync"/> with an
/// idempotency key made once per form, so a double click lands on the same receipt.
/// </summary>
public abstract class ApplyFlowModel : PageModel
{
    public const string Identity = "identity";
    public const string Eligibility = "eligibility";
    public const string Form = "form";
    public const string Materials = "materials";
    public const string Review = "review";
    public const string Submit = "submit";

    private static readonly string[] Order = [Identity, Eligibility, Form, Materials, Review, Submit];

    [BindProperty(SupportsGet = true)]
    public string? Bundle { get; set; }

    /// <summary>The idempotency key, made when the form is first shown.</summary>
    [BindProperty]
    public string? Key { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Answers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Why a pre-filled value was changed, per field.</summary>
    [BindProperty]
    public Dictionary<string, string?> Corrections { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The registry's value of each pre-filled field, kept to tell a correction from an unchanged value.</summary>
    [BindProperty]
    public Dictionary<string, string?> Original { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Uploaded file ids per material code.</summary>
    [BindProperty]
    public Dictionary<string, long> Uploads { get; set; } = new(StringComparer.Ordinal);

    [BindProperty]
    public List<string> Commitments { get; set; } = [];

    /// <summary>The company's unified social credit code, for bundles a company applies for.</summary>
    [BindProperty]
    public string? Credit { get; set; }

    /// <summary>帮办: the applicant's resident identity number, entered by the clerk.</summary>
    [BindProperty]
    public string? IdNumber { get; set; }

    /// <summary>帮办: how the clerk checked the applicant's identity.</summary>
    [BindProperty]
    public string? IdentityCheck { get; set; }

    public string Step { get; protected set; } = Eligibility;

    internal BundleVersion? BundleVersion { get; private set; }

    internal BundleDefinition? Definition => BundleVersion?.Definition;

    internal PreviewView? Preview { get; private set; }

    internal IReadOnlyList<BundleVersion> AllBundles { get; private set; } = [];

    internal IReadOnlyList<MaterialRow> MaterialRows { get; private set; } = [];

    public IReadOnlyDictionary<string, SourceName> Sources { get; private set; } = new Dictionary<string, SourceName>();

    public IReadOnlyDictionary<string, BilingualName> DepartmentNames { get; private set; } = new Dictionary<string, BilingualName>();

    /// <summary>Errors per API key: <c>answers.&lt;key&gt;</c>, <c>corrections.&lt;key&gt;</c>, <c>uploads.&lt;code&gt;</c>, <c>commitments.&lt;code&gt;</c>, …</summary>
    public Dictionary<string, List<FlowMessage>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems that belong to no field.</summary>
    public List<FlowMessage> Problems { get; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>True on the clerk's page: the applicant is someone else, identified at the counter.</summary>
    public virtual bool OnBehalf => false;

    public long MaxUploadBytes => Service<Uploads>().MaxBytes;

    /// <summary>Answer keys that other fields' showWhen conditions read: changing one re-runs the preview.</summary>
    public IReadOnlySet<string> RefreshKeys => Definition is null
        ? new HashSet<string>()
        : Definition.Fields.SelectMany(f => Conditions.FactsOf(f.ShowWhen)).Where(f => f.StartsWith("answers.", StringComparison.Ordinal))
            .Select(f => f["answers.".Length..]).ToHashSet(StringComparer.Ordinal);

    public string Name(string zh, string en) => English ? $"{en} / {zh}" : zh;

    public IEnumerable<FlowMessage> ErrorsFor(string key) => Errors.TryGetValue(key, out var list) ? list : [];

    public bool HasError(string key) => Errors.ContainsKey(key);

    private protected abstract OnBehalfInput? Applicant { get; }

    protected abstract string ReceiptUrl(string number);

    /// <summary>The first step: the clerk identifies the applicant; a citizen starts with eligibility.</summary>
    protected string FirstStep => OnBehalf ? Identity : Eligibility;

    /// <summary>Validates what the clerk's first step asked for; errors go to <see cref="Errors"/>.</summary>
    protected virtual bool ValidateIdentity() => true;

    private T Service<T>()
        where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>The first showing of the form: a fresh idempotency key, and the eligibility check (unless the clerk must identify the applicant first).</summary>
    protected async Task<IActionResult> StartAsync(CancellationToken ct)
    {
        Key = Guid.NewGuid().ToString("N");
        Step = FirstStep;
        var loaded = await LoadBundleAsync(ct);
        if (OnBehalf)
        {
            return Page();
        }

        if (!loaded)
        {
            return NotFound();
        }

        if (!NeedsCredit)
        {
            await PreviewAsync(ct);
        }

        return Page();
    }

    /// <summary>Moves to the step asked for when everything before it is valid; else shows the first step with errors.</summary>
    protected async Task<IActionResult> AdvanceAsync(string? go, CancellationToken ct)
    {
        Key = string.IsNullOrWhiteSpace(Key) || Key.Length > 100 ? Guid.NewGuid().ToString("N") : Key.Trim();
        var target = Array.IndexOf(Order, go) is var i and >= 0 ? Order[i] : FirstStep;
        if (!OnBehalf && target == Identity)
        {
            target = Eligibility;
        }

        if (target == Submit && await SubmittedWithKeyAsync(ct) is { } number)
        {
            // Submitted already (a double click, or the browser's back button): its files are attached, so show its receipt.
            return Redirect(ReceiptUrl(number));
        }

        var loaded = await LoadBundleAsync(ct);
        if (!loaded && !OnBehalf)
        {
            return NotFound();
        }

        if (!loaded)
        {
            AddError("bundle", FlowMessage.Of("请选择要办理的一件事。"));
        }

        if (!ValidateIdentity() || !loaded)
        {
            Step = FirstStep;
            return Page();
        }

        if (target == Identity)
        {
            Step = Identity;
            return Page();
        }

        if (NeedsCredit)
        {
            Errors.TryAdd("entityCreditCode", [FlowMessage.Of("请填写企业的统一社会信用代码。")]);
            Step = Eligibility;
            return Page();
        }

        if (!await PreviewAsync(ct))
        {
            Step = Errors.Keys.Any(k => k.StartsWith("onBehalfOf.", StringComparison.Ordinal)) ? FirstStep : Eligibility;
            return Page();
        }

        await SaveFilesAsync(ct);
        await CheckFilesAsync(ct);
        var at = Array.IndexOf(Order, target);
        if (at > Array.IndexOf(Order, Eligibility) && !Preview!.Eligible)
        {
            return await StayAsync(Eligibility);
        }

        if (at > Array.IndexOf(Order, Form) && !ValidateForm())
        {
            return await StayAsync(Form);
        }

        if (at > Array.IndexOf(Order, Materials) && !ValidateMaterials())
        {
            return await StayAsync(Materials);
        }

        if (target == Submit)
        {
            return await SubmitAsync(ct);
        }

        Step = target;
        return Page();

        async Task<IActionResult> StayAsync(string step)
        {
            // The same form sent twice at once: the other request may have submitted it (and attached its files) meanwhile.
            if (target == Submit && await SubmittedWithKeyAsync(ct) is { } submitted)
            {
                return Redirect(ReceiptUrl(submitted));
            }

            Step = step;
            return Page();
        }
    }

    /// <summary>Which fields show for the answers so far (for the page's script when a showWhen answer changes).</summary>
    protected async Task<IActionResult> VisibilityAsync(CancellationToken ct)
    {
        if (!await LoadBundleAsync(ct) || !ValidateIdentity() || NeedsCredit || !await PreviewAsync(ct))
        {
            return new JsonResult(new { visible = Array.Empty<string>(), errors = Errors.Keys }) { StatusCode = 400 };
        }

        return new JsonResult(new { visible = Preview!.Fields.Where(f => f.Visible).Select(f => f.Key) });
    }

    public bool NeedsCredit => Definition?.Applicant == ApplicantKind.Company && string.IsNullOrWhiteSpace(Credit);

    private async Task<bool> LoadBundleAsync(CancellationToken ct)
    {
        var snapshot = await Service<GovCatalogue>().GetAsync(ct);
        AllBundles = snapshot.Bundles.Values.OrderBy(v => v.Definition.Code, StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(Bundle) || !snapshot.Bundles.TryGetValue(Bundle.Trim(), out var b))
        {
            return false;
        }

        Bundle = Bundle.Trim();
        BundleVersion = b;
        return true;
    }

    private Dictionary<string, JsonElement> AnswerJson() => Answers
        .Where(a => !string.IsNullOrWhiteSpace(a.Value) && Definition!.Fields.Any(f => f.Key == a.Key))
        .ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value!.Trim()), StringComparer.Ordinal);

    private string? CreditCode => Definition?.Applicant == ApplicantKind.Company ? Credit?.Trim().ToUpperInvariant() : null;

    private async Task<bool> PreviewAsync(CancellationToken ct)
    {
        var (view, refusal) = await Service<ApplicationService>().PreviewAsync(CurrentUser.From(User), Bundle!, new PreviewInput(AnswerJson(), CreditCode, Applicant), ct);
        if (refusal is not null)
        {
            Refuse(refusal);
            return false;
        }

        Preview = view!;
        foreach (var f in Preview.Fields.Where(f => f.Source is not null))
        {
            // With no answer the preview shows the registry's value; with one (a correction) the value posted back is kept.
            if (string.IsNullOrWhiteSpace(Answers.GetValueOrDefault(f.Key)))
            {
                Original[f.Key] = f.Value?.ToString();
            }
        }

        MaterialRows = await MaterialRowsAsync(ct);
        Sources = await SourcesAsync(ct);
        DepartmentNames = await DepartmentNamesAsync(ct);
        return true;
    }

    /// <summary>Turns the service's refusal into field errors and plain problems.</summary>
    private void Refuse(Refusal refusal)
    {
        if (refusal.Errors is { Count: > 0 } errors)
        {
            foreach (var (key, rules) in errors)
            {
                foreach (var rule in rules)
                {
                    AddError(key, GovLabels.Rule(rule));
                }
            }
        }

        switch (refusal.Status)
        {
            case 400 when refusal.Errors is { Count: > 0 }:
                break;
            case 403:
                Problems.Add(OnBehalf ? FlowMessage.Of("只有窗口工作人员可以帮办。") : FlowMessage.Of("此账户没有关联人口库中的个人，无法在线申办。请到政务服务中心窗口办理。"));
                break;
            case 404 when OnBehalf:
                AddError("onBehalfOf.idNumber", FlowMessage.Of("人口库中没有此身份证号码的居民。请核对号码。"));
                break;
            case 422:
                Problems.Add(FlowMessage.Of("不符合申办条件：{0}", refusal.Detail));
                break;
            case 429 or 503:
                Problems.Add(FlowMessage.Of("暂时无法读取基础库，请稍后再试。"));
                break;
            default:
                Problems.Add(FlowMessage.Of(refusal.Detail));
                break;
        }
    }

    private void AddError(string key, FlowMessage message)
    {
        if (!Errors.TryGetValue(key, out var list))
        {
            Errors[key] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Checks the form as the service will: typed answers, required visible fields, a reason for every correction.</summary>
    private bool ValidateForm()
    {
        var visible = Preview!.Fields.Where(f => f.Visible).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in Answers.Keys.Where(k => !visible.Contains(k)).ToList())
        {
            // A hidden field's answer is not part of the application.
            Answers.Remove(key);
        }

        var errors = new FieldErrors();
        var parsed = Assessor.ParseAnswers(Definition!, AnswerJson(), errors);
        foreach (var f in Preview.Fields.Where(f => f.Visible))
        {
            var given = parsed.GetValueOrDefault(f.Key);
            if (f.Source is not null && given is not null)
            {
                if (Original.GetValueOrDefault(f.Key) is { } original && Display(given) == original)
                {
                    Answers.Remove(f.Key);
                    continue;
                }

                if (Assessor.CorrectionRule(Corrections.GetValueOrDefault(f.Key)) is { } rule)
                {
                    errors.Add("corrections." + f.Key, rule);
                }
            }

            if (f.Required && given is null && f.Value is null && string.IsNullOrWhiteSpace(Answers.GetValueOrDefault(f.Key)))
            {
                errors.Add("answers." + f.Key, "required");
            }
        }

        foreach (var key in Corrections.Keys.Where(k => string.IsNullOrWhiteSpace(Answers.GetValueOrDefault(k))).ToList())
        {
            Corrections.Remove(key);
        }

        foreach (var (key, rules) in errors.ToDictionary())
        {
            foreach (var rule in rules)
            {
                AddError(key, GovLabels.Rule(rule));
            }
        }

        return !errors.Any;
    }

    /// <summary>Every commitment signed, every required upload present (and upload errors of this request).</summary>
    private bool ValidateMaterials()
    {
        var ok = !Errors.Keys.Any(k => k.StartsWith("uploads.", StringComparison.Ordinal));
        foreach (var m in MaterialRows)
        {
            if (m.Disposition == "Commitment" && !Commitments.Contains(m.Code))
            {
                AddError("commitments." + m.Code, GovLabels.Rule("sign this commitment"));
                ok = false;
            }

            if (m.Disposition == "Uploaded" && m.Required && !Uploads.ContainsKey(m.Code) && !HasError("uploads." + m.Code))
            {
                AddError("uploads." + m.Code, GovLabels.Rule("required: upload a PDF, JPEG or PNG file"));
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>Saves the files chosen on the materials step (inputs named <c>file-&lt;code&gt;</c>) through the Uploads service.</summary>
    private async Task SaveFilesAsync(CancellationToken ct)
    {
        if (!Request.HasFormContentType)
        {
            return;
        }

        var uploads = Service<Uploads>();
        var user = CurrentUser.From(User);
        foreach (var file in Request.Form.Files.Where(f => f.Name.StartsWith("file-", StringComparison.Ordinal)))
        {
            var code = file.Name["file-".Length..];
            if (Preview!.Materials.All(m => m.Code != code || m.Disposition != "Uploaded"))
            {
                AddError("uploads." + code, GovLabels.Rule("this material is not to be uploaded"));
                continue;
            }

            var (view, _, _, status) = await uploads.SaveAsync(user.UserId, file, ct);
            if (view is null)
            {
                AddError("uploads." + code, GovLabels.Upload(status, Path.GetFileName(file.FileName), uploads.MaxBytes));
            }
            else
            {
                Uploads[code] = view.Id;
            }
        }
    }

    /// <summary>Drops file ids that are not this user's unattached uploads of a material to upload.</summary>
    private async Task CheckFilesAsync(CancellationToken ct)
    {
        var toUpload = Preview!.Materials.Where(m => m.Disposition == "Uploaded").Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in Uploads.Keys.Where(k => !toUpload.Contains(k)).ToList())
        {
            Uploads.Remove(code);
        }

        foreach (var code in Commitments.Where(c => Preview.Materials.All(m => m.Code != c || m.Disposition != "Commitment")).ToList())
        {
            Commitments.Remove(code);
        }

        var files = await FilesAsync(ct);
        foreach (var (code, id) in Uploads.ToList())
        {
            if (!files.ContainsKey(id))
            {
                Uploads.Remove(code);
                AddError("uploads." + code, GovLabels.Rule("unknown file: upload it first"));
            }
        }

        MaterialRows = await MaterialRowsAsync(ct);
    }

    private async Task<Dictionary<long, (string Name, long Size)>> FilesAsync(CancellationToken ct)
    {
        var ids = Uploads.Values.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var userId = CurrentUser.From(User).UserId;
        var rows = await Service<Uploads>().PendingAsync(userId, ids, ct);
        return rows.ToDictionary(f => f.Key, f => f.Value);
    }

    private async Task<IActionResult> SubmitAsync(CancellationToken ct)
    {
        var answers = AnswerJson();
        var corrections = Corrections.Where(c => answers.ContainsKey(c.Key) && !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.Ordinal);
        var input = new SubmitInput(Bundle, answers, corrections, new Dictionary<string, long>(Uploads, StringComparer.Ordinal), [.. Commitments], CreditCode, Applicant);
        var user = CurrentUser.From(User);
        var (receipt, refusal) = await Service<ApplicationService>().SubmitAsync(user, input, Key, ct);
        if (receipt is not null)
        {
            return Redirect(ReceiptUrl(receipt.Number));
        }

        if (await SubmittedWithKeyAsync(ct) is { } number)
        {
            // The same form sent twice at the same moment: the other request won (this one saw a duplicate key, or
            // the files it had just attached); show the receipt of the first.
            return Redirect(ReceiptUrl(number));
        }

        var refused = refusal!;
        Refuse(refused);
        var keys = refused.Errors?.Keys ?? [];
        Step = keys.Any(k => k.StartsWith("onBehalfOf.", StringComparison.Ordinal)) ? FirstStep
            : refused.Status == 422 || keys.Any(k => k.StartsWith("eligibility.", StringComparison.Ordinal)) ? Eligibility
            : keys.Any(k => k.StartsWith("answers", StringComparison.Ordinal) || k.StartsWith("corrections.", StringComparison.Ordinal)) ? Form
            : keys.Any(k => k.StartsWith("uploads.", StringComparison.Ordinal) || k.StartsWith("commitments.", StringComparison.Ordinal)) ? Materials
            : Review;
        if (refused.Errors is { Count: > 0 } errs && errs.Keys.All(k => k.StartsWith("eligibility.", StringComparison.Ordinal)))
        {
            Problems.Clear();
            Problems.Add(FlowMessage.Of("不符合申办条件：{0}", refused.Detail));
        }

        return Page();
    }

    private Task<string?> SubmittedWithKeyAsync(CancellationToken ct)
    {
        var userId = CurrentUser.From(User).UserId;
        return Key is null ? Task.FromResult<string?>(null) : Service<ApplicationQueries>().NumberForKeyAsync(userId, Key, ct);
    }

    private async Task<IReadOnlyList<MaterialRow>> MaterialRowsAsync(CancellationToken ct)
    {
        var snapshot = await Service<GovCatalogue>().GetAsync(ct);
        var files = await FilesAsync(ct);
        var planned = Preview!.Steps.Select(s => snapshot.Services.GetValueOrDefault(s.ServiceCode)).OfType<ServiceDefinition>().ToList();
        var rows = new List<MaterialRow>();
        foreach (var m in Preview.Materials)
        {
            var defs = planned.SelectMany(s => s.Materials).Where(d => d.Code == m.Code).ToList();
            var def = defs.FirstOrDefault();
            FlowMessage? why = m.Disposition switch
            {
                "ExemptLicence" when m.LicenceId is not null => FlowMessage.Of("您已持有有效的电子证照（证照编号 {0}），部门直接调用，无需提交。", m.LicenceId),
                "ExemptLicence" => planned.FirstOrDefault(s => def?.ELicenceType is { } t && s.Output == t) is { } producer
                    ? FlowMessage.Of("由本件事中的「{0}」办结后生成电子证照，后续事项直接调用，无需提交。", Name(producer.NameZh, producer.NameEn))
                    : FlowMessage.Of("部门通过电子证照库调用，无需提交。"),
                "ExemptRegistry" => FlowMessage.Of("部门通过数据共享从「{0}」获取，无需提交。", await DatasetNameAsync(m.Dataset, ct)),
                _ => null,
            };
            var fileId = Uploads.TryGetValue(m.Code, out var id) && files.ContainsKey(id) ? id : (long?)null;
            // As the service decides: required when any service of the plan requires it.
            rows.Add(new MaterialRow(m.Code, m.NameZh, m.NameEn, m.Disposition, defs.Count == 0 || defs.Any(d => d.Required), why, m.LicenceId, m.CommitmentZh, m.CommitmentEn,
                fileId, fileId is { } f ? files[f].Name : null, fileId is { } g ? files[g].Size : null));
        }

        return rows;
    }

    private readonly Dictionary<string, DatasetDetail?> datasets = new(StringComparer.Ordinal);

    private async Task<DatasetDetail?> DatasetAsync(string code, CancellationToken ct)
    {
        if (!datasets.TryGetValue(code, out var detail))
        {
            datasets[code] = detail = await Service<DataHubCatalogue>().GetAsync(code, ct);
        }

        return detail;
    }

    private async Task<string> DatasetNameAsync(string? code, CancellationToken ct)
    {
        if (code is null)
        {
            return "";
        }

        var d = await DatasetAsync(code, ct);
        return d is null ? code : Name(d.Summary.TitleZh, d.Summary.TitleEn);
    }

    private async Task<IReadOnlyDictionary<string, SourceName>> SourcesAsync(CancellationToken ct)
    {
        var result = new Dictionary<string, SourceName>(StringComparer.Ordinal);
        foreach (var f in Preview!.Fields.Where(f => f.Source is not null))
        {
            var dot = f.Source!.LastIndexOf('.');
            var (dataset, field) = dot > 0 ? (f.Source[..dot], f.Source[(dot + 1)..]) : (f.Source, "");
            var d = await DatasetAsync(dataset, ct);
            var column = d?.Fields.FirstOrDefault(x => x.Name == field);
            result[f.Key] = new SourceName(d?.Summary.TitleZh ?? dataset, d?.Summary.TitleEn ?? dataset, column?.TitleZh ?? field, column?.TitleEn ?? field);
        }

        return result;
    }

    private Task<IReadOnlyDictionary<string, BilingualName>> DepartmentNamesAsync(CancellationToken ct) =>
        Service<OrganisationDirectory>().DepartmentNamesAsync(Preview!.Steps.Select(s => s.DepartmentCode), ct);

    private static string? Display(object? v) => ApplicationService.Display(v);
}
