using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Contracts;

namespace OneCity.Web.Pages.Workbench.DataHub;

/// <summary>Stewards review applications for authorised-operation agreements and set their terms.</summary>
public sealed class AgreementsModel(DataHubCatalogue catalogue, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AgreementView> Agreements { get; private set; } = [];

    public string? Error { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string DefaultExpiry => clock.GetUtcNow().AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(long id, DateOnly? expiresOn, int? monthlyRowQuota, int? monthlyCallQuota, string? terms, CancellationToken ct)
    {
        // The expiry is the end of the chosen day in Shanghai (UTC+8).
        DateTimeOffset? expires = expiresOn is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.FromHours(8)) : null;
        return await ApplyAsync(await catalogue.ApproveAsync(User, id, new AgreementApproval(expires, monthlyRowQuota, monthlyCallQuota, terms), ct), ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, string? reason, CancellationToken ct) =>
        await ApplyAsync(await catalogue.RejectAsync(User, id, new AgreementRejection(reason), ct), ct);

    private async Task<IActionResult> ApplyAsync(DataHubOutcome<AgreementView> outcome, CancellationToken ct)
    {
        if (outcome.Status == 403)
        {
            return Forbid();
        }

        if (!outcome.Ok)
        {
            Error = outcome.Detail;
            Errors = outcome.Errors ?? new Dictionary<string, string[]>();
            Response.StatusCode = outcome.Status;
        }

        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        if (!DataHubCatalogue.IsSteward(User))
        {
            return Forbid();
        }

        Agreements = await catalogue.AgreementsAsync(User, pendingOnly: false, ct);
        return Page();
    }
}
