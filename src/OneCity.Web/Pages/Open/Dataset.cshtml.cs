using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Contracts;

namespace OneCity.Web.Pages.Open;

/// <summary>One published dataset: metadata, schema, a preview and downloads (metered under an agreement when conditional-open).</summary>
[AllowAnonymous]
public sealed class DatasetModel(DataHubCatalogue catalogue) : PageModel
{
    public OpenDatasetView? View { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var outcome = await catalogue.OpenDatasetAsync(User, code, ct);
        if (!outcome.Ok)
        {
            return NotFound();
        }

        View = outcome.Value;
        return Page();
    }
}
