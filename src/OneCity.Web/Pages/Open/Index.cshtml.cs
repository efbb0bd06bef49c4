using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Contracts;

namespace OneCity.Web.Pages.Open;

/// <summary>The public open-data portal (公共数据开放): browse and search published datasets.</summary>
[AllowAnonymous]
public sealed class IndexModel(DataHubCatalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Theme { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public CataloguePage Result { get; private set; } = new([], 0, 1, 20);

    public IReadOnlyList<string> Themes { get; private set; } = [];

    public IReadOnlyList<string> Departments { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public string Link(int page) =>
        $"?q={Uri.EscapeDataString(Q ?? "")}&theme={Uri.EscapeDataString(Theme ?? "")}&department={Uri.EscapeDataString(Department ?? "")}&p={page.ToString(CultureInfo.InvariantCulture)}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Themes = await catalogue.ThemesAsync(publishedOnly: true, ct);
        Departments = await catalogue.DepartmentsAsync(publishedOnly: true, ct);
        Result = await catalogue.SearchOpenAsync(new CatalogueQuery(Department, Text: Q, Theme: Theme, Page: Math.Max(1, PageNumber), PageSize: 20), ct);
    }
}
