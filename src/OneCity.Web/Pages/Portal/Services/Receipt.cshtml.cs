using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneCity.Web.Pages.Portal.Services;

/// <summary>The receipt after submitting: the application number and the promised completion date.</summary>
public sealed class ReceiptModel : PageModel
{
    public ReceiptInfo? Info { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? number, CancellationToken ct)
    {
        Info = await ReceiptInfo.LoadAsync(HttpContext, number, own: true, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en", ct);
        return Info is null ? NotFound() : Page();
    }
}
