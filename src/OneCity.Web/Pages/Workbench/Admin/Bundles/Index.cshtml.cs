using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.BundleAdmin;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Workbench.Admin.Bundles;

/// <summary>Bundle administration: versions of every bundle, edit a definition as JSON, validate, save a draft, publish, create.</summary>
public sealed class IndexModel : PageModel
{
    // BundleAdministration is internal to GovServices (visible to the host that renders its pages).
    private BundleAdministration Admin => HttpContext.RequestServices.GetRequiredService<BundleAdministration>();

    internal IReadOnlyList<AdminBundleSummary> Bundles { get; private set; } = [];

    internal IReadOnlyList<BundleVersionDetail> Versions { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public string? Definition { get; set; }

    public bool IsNew { get; private set; }

    /// <summary>(path, rules) problems of the last check, save or publication.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>A localisation key with {0} for <see cref="MessageArg"/>.</summary>
    public string? Message { get; private set; }

    public string? MessageArg { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(bool? @new, string? saved, string? published, CancellationToken ct)
    {
        IsNew = @new == true;
        Message = saved is not null ? "已保存草稿 v{0}。" : published is not null ? "已发布 v{0}，申请人现在按此版本申请。" : null;
        MessageArg = saved ?? published;
        await LoadAsync(ct);
        if (!IsNew && Versions.Count > 0)
        {
            Definition = Versions[0].DefinitionJson;
        }
    }

    public async Task<IActionResult> OnPostValidateAsync(CancellationToken ct)
    {
        var (def, errors) = await Admin.CheckAsync(string.IsNullOrEmpty(Code) ? null : Code, Definition, ct);
        Errors = errors;
        IsNew = string.IsNullOrEmpty(Code);
        Message = def is null ? null : "校验通过，可以保存为草稿。";
        return await PageAsync(errors.Count > 0 ? 400 : 200, ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var code = string.IsNullOrEmpty(Code) ? CodeOf(Definition) : Code;
        if (string.IsNullOrEmpty(code))
        {
            var (_, errors) = await Admin.CheckAsync(null, Definition, ct);
            Errors = errors.Count > 0 ? errors : new Dictionary<string, string[]> { ["code"] = ["required: lower-case letters, digits and '-'"] };
            IsNew = true;
            return await PageAsync(400, ct);
        }

        var (saved, refusal) = await Admin.SaveDraftAsync(CurrentUser.From(User), code, Definition, ct);
        if (refusal is not null)
        {
            Errors = refusal.Errors?.ToDictionary(e => e.Key, e => e.Value) ?? new Dictionary<string, string[]>();
            Problem = refusal.Errors is null ? refusal.Detail : null;
            IsNew = string.IsNullOrEmpty(Code);
            return await PageAsync(refusal.Status, ct);
        }

        return RedirectToPage(new { code, saved = saved!.Version.ToString(CultureInfo.InvariantCulture) });
    }

    public async Task<IActionResult> OnPostPublishAsync(int version, CancellationToken ct)
    {
        var (published, refusal) = await Admin.PublishAsync(CurrentUser.From(User), Code ?? "", version, ct);
        if (refusal is not null)
        {
            Errors = refusal.Errors?.ToDictionary(e => e.Key, e => e.Value) ?? new Dictionary<string, string[]>();
            Problem = refusal.Errors is null ? refusal.Detail : null;
            return await PageAsync(refusal.Status, ct);
        }

        return RedirectToPage(new { code = Code, published = published!.Version.ToString(CultureInfo.InvariantCulture) });
    }

    private async Task<IActionResult> PageAsync(int status, CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Bundles = await Admin.ListAsync(ct);
        Versions = string.IsNullOrEmpty(Code) ? [] : await Admin.VersionsAsync(Code, ct);
    }

    private static string? CodeOf(string? json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json ?? "");
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
