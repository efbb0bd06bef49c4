using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Contracts;

namespace OneCity.Web.Pages.Workbench.DataHub;

/// <summary>The data resource catalogue (政务数据资源目录) for staff, with quality badges.</summary>
public sealed class IndexModel(DataHubCatalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sharing { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Open { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public CataloguePage Result { get; private set; } = new([], 0, 1, 20);

    public IReadOnlyList<string> Departments { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public string Link(int page) =>
        $"?q={Uri.EscapeDataString(Q ?? "")}&department={Uri.EscapeDataString(Department ?? "")}&level={Uri.EscapeDataString(Level ?? "")}&sharing={Uri.EscapeDataString(Sharing ?? "")}&open={Uri.EscapeDataString(Open ?? "")}&p={page.ToString(CultureInfo.InvariantCulture)}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Departments = await catalogue.DepartmentsAsync(publishedOnly: false, ct);
        Result = await catalogue.SearchAsync(new CatalogueQuery(Department, Level, Sharing, Open, Q, null, Math.Max(1, PageNumber), 20), ct);
    }
}
