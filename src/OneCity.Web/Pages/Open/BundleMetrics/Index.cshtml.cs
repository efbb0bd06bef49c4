using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Catalogue;
using OneCity.GovServices.Metrics;

namespace OneCity.Web.Pages.Open.BundleMetrics;

/// <summary>Public page: what each bundle (一件事) saves against applying for its services one by one, computed from the catalogue.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    internal IReadOnlyList<GovServices.Metrics.BundleMetrics> Items { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var catalogue = HttpContext.RequestServices.GetRequiredService<GovCatalogue>();
        var snapshot = await catalogue.GetAsync(ct);
        Items = snapshot.Bundles.Values.OrderBy(b => b.Definition.Code, StringComparer.Ordinal)
            .Select(b => BundleMetricsCalculator.Compute(b, snapshot.Services)).ToList();
    }
}
