using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Applications;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.Applications;

/// <summary>My applications: number, bundle, status, progress and the promised date.</summary>
public sealed class IndexModel : PageModel
{
    internal IReadOnlyList<ApplicationSummary> Items { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public string Name(string zh, string en) => English ? $"{en} / {zh}" : zh;

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await HttpContext.RequestServices.GetRequiredService<ApplicationQueries>().MineAsync(CurrentUser.From(User), ct);
}
