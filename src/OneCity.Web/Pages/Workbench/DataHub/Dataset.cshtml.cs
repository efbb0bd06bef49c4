using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Contracts;

namespace OneCity.Web.Pages.Workbench.DataHub;

/// <summary>One dataset's schema, classification and quality; stewards edit the classification and publish.</summary>
public sealed class DatasetModel(DataHubCatalogue catalogue) : PageModel
{
    public DatasetDetail? Detail { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Notice { get; private set; }

    public bool Steward => DataHubCatalogue.IsSteward(User);

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct);

    public async Task<IActionResult> OnPostClassifyAsync(string code, string? level, string? sharingType, string? openType, string? reason, CancellationToken ct) =>
        await ApplyAsync(code, await catalogue.ChangeClassificationAsync(User, code, new ClassificationChange(level, sharingType, openType, reason), ct), "分级分类已更新。", ct);

    public async Task<IActionResult> OnPostFieldAsync(string code, string field, string? personalClass, bool required, CancellationToken ct) =>
        await ApplyAsync(code, await catalogue.ChangeFieldAsync(User, code, field, new FieldClassificationChange(personalClass, required, null, null), ct), "字段分类已更新。", ct);

    public async Task<IActionResult> OnPostPublishAsync(string code, CancellationToken ct) =>
        await ApplyAsync(code, await catalogue.PublishAsync(User, code, ct), "已发布到公共数据开放平台。", ct);

    public async Task<IActionResult> OnPostUnpublishAsync(string code, CancellationToken ct) =>
        await ApplyAsync(code, await catalogue.UnpublishAsync(User, code, ct), "已从公共数据开放平台撤回。", ct);

    private async Task<IActionResult> ApplyAsync(string code, DataHubOutcome<DatasetDetail> outcome, string notice, CancellationToken ct)
    {
        if (outcome.Status == 403)
        {
            return Forbid();
        }

        if (outcome.Ok)
        {
            Notice = notice;
        }
        else
        {
            Error = outcome.Detail;
            Errors = outcome.Errors ?? new Dictionary<string, string[]>();
            Response.StatusCode = outcome.Status is 404 ? 404 : outcome.Status == 400 ? 400 : 422;
        }

        return await LoadAsync(code, ct);
    }

    private async Task<IActionResult> LoadAsync(string code, CancellationToken ct)
    {
        Detail = await catalogue.GetAsync(code, ct);
        return Detail is null ? NotFound() : Page();
    }
}
