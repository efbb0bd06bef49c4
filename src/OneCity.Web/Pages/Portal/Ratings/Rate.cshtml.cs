using OneCity.Platform.Organisation.Users;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Ratings;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.Ratings;

/// <summary>
/// The applicant rates an application (好差评): the whole of it and each finished department step, once each. Without
/// a number it lists the applicant's applications. The application detail page links here with <c>?number=…</c>.
/// </summary>
public sealed class RateModel : PageModel
{
    // Module services are internal (visible to the host), so they are resolved here rather than through a public constructor.
    private RatingService Ratings => HttpContext.RequestServices.GetRequiredService<RatingService>();

    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    internal RatingsOverview? Overview { get; private set; }

    internal IReadOnlyList<ApplicationSummary> Mine { get; private set; } = [];

    /// <summary>Field errors of the last attempt (field → rule), and the target they belong to.</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    public string? ErrorTarget { get; private set; }

    /// <summary>What the applicant entered in the form that was refused, so it is not lost.</summary>
    public (int? Stars, string? Reason, string? Comment) Posted { get; private set; }

    public string? Error { get; private set; }

    public bool Done { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private IReadOnlyDictionary<string, BilingualName> departments = new Dictionary<string, BilingualName>();

    /// <summary>A department's name in the page's language (Chinese, or English with the Chinese alongside).</summary>
    public string Department(string code)
    {
        var name = departments.TryGetValue(code, out var known) ? known : OrganisationDirectory.Derived(code);
        return English ? $"{name.En} ({name.Zh})" : name.Zh;
    }

    public static readonly string[] Reasons = ["attitude", "slow", "materials", "result", "other"];

    public async Task<IActionResult> OnGetAsync(bool done, CancellationToken ct)
    {
        Done = done;
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? target, int? stars, string? reason, string? comment, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(Number))
        {
            return RedirectToPage();
        }

        long? stepId = target is { Length: > 0 } && target != Rating.ApplicationTarget && long.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var (_, refusal) = await Ratings.RateAsync(CurrentUser.From(User), Number, new RateInput(stepId, stars, comment, reason), ct);
        if (refusal is null)
        {
            return RedirectToPage(new { number = Number, done = true });
        }

        ErrorTarget = target;
        Posted = (stars, reason, comment);
        if (refusal.Errors is not null)
        {
            foreach (var (field, rules) in refusal.Errors)
            {
                FieldErrors[field] = string.Join("; ", rules);
            }
        }
        else
        {
            Error = refusal.Detail;
        }

        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        if (string.IsNullOrEmpty(Number))
        {
            Mine = await HttpContext.RequestServices.GetRequiredService<ApplicationQueries>().MineAsync(user, ct);
            return Page();
        }

        Overview = await Ratings.OverviewAsync(user, Number, ct);
        if (Overview is not null)
        {
            departments = await HttpContext.RequestServices.GetRequiredService<OrganisationDirectory>().DepartmentNamesAsync(
                Overview.Steps.Select(s => s.DepartmentCode).Concat(Overview.Ratings.SelectMany(r => r.Rectifications).Select(x => x.DepartmentCode)), ct);
        }

        return Overview is { Own: true } ? Page() : NotFound();
    }
}
