using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries;

namespace OneCity.Web.Pages.Workbench.Registries;

[Authorize(Policy = Policies.RegistryReader)]
public sealed class PersonModel(RegistryAccess access) : PageModel
{
    public PersonDetail? Detail { get; private set; }

    public IReadOnlyList<ELicenceView> Licences { get; private set; } = [];

    public IReadOnlyList<PropertyView> Properties { get; private set; } = [];

    public IReadOnlyDictionary<string, string?>? Revealed { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public bool CanReveal => CurrentUser.From(User).Roles.Any(r => Policies.PersonalDataRoles.Contains(r));

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    [BindProperty]
    public List<string> Fields { get; set; } = [];

    [BindProperty]
    public string? Purpose { get; set; }

    [BindProperty]
    public string? LegalBasis { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var request = new RevealRequest(Fields, Purpose, LegalBasis);
        var errors = request.Validate();
        if (errors.Any)
        {
            Errors = errors.ToDictionary();
            return await LoadAsync(id, ct);
        }

        var result = await access.RevealAsync(CurrentUser.From(User), id, request, ct);
        if (result.Outcome == AccessOutcome.Forbidden)
        {
            return Forbid();
        }

        if (result.Outcome == AccessOutcome.NotFound)
        {
            return NotFound();
        }

        Revealed = result.Value!.Values;
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(string id, CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var detail = await access.GetPersonAsync(user, id, ct);
        switch (detail.Outcome)
        {
            case AccessOutcome.NotFound:
                return NotFound();
            case AccessOutcome.Forbidden:
                return Forbid();
        }

        Detail = detail.Value;
        Licences = (await access.LicencesOfAsync(user, id, ct)).Value ?? [];
        Properties = (await access.PropertiesOfAsync(user, id, ct)).Value ?? [];
        return Page();
    }
}
