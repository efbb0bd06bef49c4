using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Catalogue;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.Services;

/// <summary>A bundle (一件事) as a card: what it does, which departments take part, how many steps.</summary>
public sealed record BundleCard(string Code, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, string Applicant,
    IReadOnlyList<DepartmentLines.Line> Departments, int Steps);

/// <summary>The services portal: bundles as cards, and the catalogue of single services searchable by kind and department.</summary>
public sealed class IndexModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    public IReadOnlyList<BundleCard> Bundles { get; private set; } = [];

    internal IReadOnlyList<ServiceDefinition> Services { get; private set; } = [];

    internal int ServiceTotal { get; private set; }

    public IReadOnlyList<DepartmentLines.Line> Departments { get; private set; } = [];

    public IReadOnlyList<string> Kinds { get; } = Enum.GetNames<ServiceKind>();

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public string Name(string zh, string en) => English ? $"{en} / {zh}" : zh;

    public static DepartmentLines.Line? Line(string code) => DepartmentLines.All.FirstOrDefault(l => l.Code == code);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var snapshot = await HttpContext.RequestServices.GetRequiredService<GovCatalogue>().GetAsync(ct);
        Bundles = snapshot.Bundles.Values.OrderBy(b => b.Definition.Code, StringComparer.Ordinal).Select(b => new BundleCard(
            b.Definition.Code, b.Definition.NameZh, b.Definition.NameEn, b.Definition.DescriptionZh, b.Definition.DescriptionEn, b.Definition.Applicant.ToString(),
            b.Definition.Steps.Select(s => snapshot.Services[s.Service].DepartmentLine).Distinct(StringComparer.Ordinal).Select(Line).OfType<DepartmentLines.Line>().ToList(),
            b.Definition.Steps.Count)).ToList();
        Departments = snapshot.Services.Values.Select(s => s.DepartmentLine).Distinct(StringComparer.Ordinal).Select(Line).OfType<DepartmentLines.Line>()
            .OrderBy(l => l.Code, StringComparer.Ordinal).ToList();
        ServiceTotal = snapshot.Services.Count;

        ServiceKind? kind = null;
        if (!string.IsNullOrEmpty(Kind))
        {
            if (Enum.TryParse<ServiceKind>(Kind, true, out var k) && !int.TryParse(Kind, out _))
            {
                kind = k;
            }
            else
            {
                Errors["kind"] = "没有这种事项类型，已显示全部类型。";
            }
        }

        string? line = null;
        if (!string.IsNullOrEmpty(Department))
        {
            line = Department.Replace("SH-", "", StringComparison.OrdinalIgnoreCase);
            if (Departments.All(d => !string.Equals(d.Code, line, StringComparison.OrdinalIgnoreCase)))
            {
                Errors["department"] = "没有这个部门的事项，已显示全部部门。";
                line = null;
            }
        }

        var text = Q?.Trim();
        Services = snapshot.Services.Values
            .Where(s => line is null || string.Equals(s.DepartmentLine, line, StringComparison.OrdinalIgnoreCase))
            .Where(s => kind is null || s.Kind == kind)
            .Where(s => string.IsNullOrEmpty(text) || s.NameZh.Contains(text, StringComparison.OrdinalIgnoreCase) || s.NameEn.Contains(text, StringComparison.OrdinalIgnoreCase)
                || s.Code.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
    }
}
