using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneCity.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
