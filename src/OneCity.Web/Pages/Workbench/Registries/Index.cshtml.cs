using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries;

namespace OneCity.Web.Pages.Workbench.Registries;

[Authorize(Policy = Policies.RegistryReader)]
public sealed class IndexModel(RegistryAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Area { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PagedList<PersonSummary>? Result { get; private set; }

    public string? Error { get; private set; }

    public string Jurisdiction => CurrentUser.From(User).JurisdictionCode;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Area is { Length: > 0 } a && (a.Length is not (6 or 9 or 12) || !a.All(char.IsAsciiDigit)))
        {
            Error = "区域代码应为 6、9 或 12 位数字。";
            return;
        }

        Result = await access.SearchPeopleAsync(CurrentUser.From(User), Q, string.IsNullOrEmpty(Area) ? null : Area, Math.Clamp(PageNumber, 1, 100_000), 20, ct);
    }
}
