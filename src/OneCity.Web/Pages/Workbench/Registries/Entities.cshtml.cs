using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries;

namespace OneCity.Web.Pages.Workbench.Registries;

/// <summary>
/// The legal-entity registry (法人库): search by credit code or name, open one entity with its representative (masked,
/// linking to the population registry, where reading more is purpose-bound and ledgered) and its e-licences.
/// Business registration data is public (企业信用信息公示), so a read here is not a personal-data read.
/// </summary>
[Authorize(Policy = Policies.RegistryReader)]
public sealed class EntitiesModel(RegistryService registry) : PageModel
{
    private const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? District { get; set; }

    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PagedList<LegalEntityView>? Result { get; private set; }

    public LegalEntityView? Entity { get; private set; }

    public IReadOnlyList<ELicenceView> Licences { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Code is { Length: > 0 } code)
        {
            Entity = code.Length == 18 ? await registry.GetEntityAsync(code.ToUpperInvariant(), ct) : null;
            if (Entity is null)
            {
                Response.StatusCode = StatusCodes.Status404NotFound;
                Errors.Add("没有该统一社会信用代码的法人。");
                return Page();
            }

            Licences = await registry.LicencesOfAsync(Entity.CreditCode, ct);
            return Page();
        }

        if (District is { Length: > 0 } d && (d.Length != 6 || !d.All(char.IsAsciiDigit)))
        {
            Errors.Add("区代码应为 6 位数字。");
        }

        if (Q?.Length > 100)
        {
            Errors.Add("查询词最多 100 个字符。");
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var page = Math.Clamp(PageNumber, 1, 100_000);
        var (items, total) = await registry.SearchEntitiesAsync(string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), string.IsNullOrEmpty(District) ? null : District, page, PageSize, ct);
        Result = new PagedList<LegalEntityView>(items, total, page, PageSize);
        return Page();
    }
}
