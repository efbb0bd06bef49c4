using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.CityOps.Responsibility;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Ops.Rules;

/// <summary>
/// The responsibility list (权责清单): every rule with the category and area it covers and the unit it names;
/// conflicting and missing rules reported; administrators add, change and deactivate rules here.
/// </summary>
[Authorize(Roles = Roles.Dispatcher + "," + Roles.Commander + "," + Roles.SystemAdministrator)]
public sealed class IndexModel : PageModel
{
    private RuleAdministration Admin => HttpContext.RequestServices.GetRequiredService<RuleAdministration>();

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty] public string? CategoryCode { get; set; }

    [BindProperty] public string? AreaCode { get; set; } = AreaCodes.City;

    [BindProperty] public string? Level { get; set; } = "district";

    [BindProperty] public string? Line { get; set; }

    [BindProperty] public string? UnitCode { get; set; }

    [BindProperty] public string? CoLines { get; set; }

    [BindProperty] public string? Note { get; set; }

    [BindProperty] public long? EditId { get; set; }

    internal IReadOnlyList<RuleView> Rules { get; private set; } = [];

    internal RuleCheck? Check { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Notice { get; private set; }

    public bool CanEdit => User.IsInRole(Roles.SystemAdministrator);

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Notice = done switch { "saved" => "规则已保存，派遣即时生效。", "deactivated" => "规则已停用。", _ => null };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        var co = CoLines?.Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (view, errors, found) = await Admin.SaveAsync(CurrentUser.From(User), EditId, new RuleInput(CategoryCode?.Trim(), AreaCode?.Trim(), Level,
            string.IsNullOrWhiteSpace(Line) ? null : Line.Trim(), string.IsNullOrWhiteSpace(UnitCode) ? null : UnitCode.Trim(), co, Note), ct);
        if (!found)
        {
            return NotFound();
        }

        if (view is null)
        {
            foreach (var (field, rules) in errors.ToDictionary())
            {
                Errors[field] = string.Join("; ", rules);
            }

            Response.StatusCode = 400;
            await LoadAsync(ct);
            return Page();
        }

        return Redirect("/ops/rules?done=saved&category=" + Uri.EscapeDataString(view.CategoryCode));
    }

    public async Task<IActionResult> OnPostDeactivateAsync(long id, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        return await Admin.DeactivateAsync(CurrentUser.From(User), id, ct) is null ? NotFound() : Redirect("/ops/rules?done=deactivated");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await Admin.ListAsync(ct);
        Rules = string.IsNullOrWhiteSpace(Category) ? all : all.Where(r => r.CategoryCode.StartsWith(Category.Trim(), StringComparison.Ordinal)).ToList();
        Check = Admin.Check();
    }

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
