using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Web.Pages.Portal.Services;

namespace OneCity.Web.Pages.Workbench.Counter;

/// <summary>The receipt of a 帮办 submission, to hand or read to the applicant.</summary>
[Authorize(Roles = Roles.CounterClerk)]
public sealed class ReceiptModel : PageModel
{
    public ReceiptInfo? Info { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? number, CancellationToken ct)
    {
        Info = await ReceiptInfo.LoadAsync(HttpContext, number, own: false, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en", ct);
        return Info is null ? NotFound() : Page();
    }
}
