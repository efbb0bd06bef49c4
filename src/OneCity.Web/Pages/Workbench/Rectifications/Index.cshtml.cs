using OneCity.Platform.Organisation.Users;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Ratings;
using OneCity.Platform.Organisation;
using OneCity.Platform.Hosting;

namespace OneCity.Web.Pages.Workbench.Rectifications;

/// <summary>A department's rectifications of bad ratings (整改工单): countdowns, overdue first, response → fix → feedback.</summary>
[Authorize(Roles = Roles.DepartmentReviewer + "," + Roles.DepartmentAdministrator)]
public sealed class IndexModel : PageModel
{
    private GovServices.Ratings.Rectifications Service => HttpContext.RequestServices.GetRequiredService<GovServices.Ratings.Rectifications>();

    [BindProperty(SupportsGet = true)]
    public string Status { get; set; } = "open";

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    internal IReadOnlyList<RectificationView> Items { get; private set; } = [];

    public long? ErrorId { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The field the last attempt got wrong (<c>text</c>), when it was a field.</summary>
    public string? ErrorField { get; private set; }

    public string? DepartmentName { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRecordAsync(long id, string? stage, string? text, int? revision, CancellationToken ct)
    {
        if (!EnumNames.TryParse<RectificationStage>(stage, out var s))
        {
            (ErrorId, Error) = (id, "stage: one of response, fix, feedback");
            await LoadAsync(ct);
            return Page();
        }

        var (_, refusal) = await Service.RecordAsync(CurrentUser.From(User), id, s, new RectificationInput(text, revision), ct);
        if (refusal is not null)
        {
            ErrorId = id;
            ErrorField = refusal.Errors?.Keys.FirstOrDefault();
            Error = refusal.Errors is { } errors ? string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) : refusal.Detail;
            await LoadAsync(ct);
            return Page();
        }

        return RedirectToPage(new { status = Status, done = id });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        Status = Status is "closed" or "all" ? Status : "open";
        Items = await Service.ListAsync(user.DepartmentCode ?? "-", Status, Overdue, ct);
        if (user.DepartmentCode is { } code)
        {
            var name = (await HttpContext.RequestServices.GetRequiredService<OrganisationDirectory>().DepartmentAsync(code, ct))!;
            DepartmentName = English ? $"{name.En} ({name.Zh})" : name.Zh;
        }
    }
}
