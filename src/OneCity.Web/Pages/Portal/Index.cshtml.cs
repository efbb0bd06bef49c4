using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries;

namespace OneCity.Web.Pages.Portal;

/// <summary>The portal's landing page: what the citizen can do, and their e-licences with a verification QR code each.</summary>
public sealed class IndexModel(RegistryAccess access, TimeProvider clock) : PageModel
{
    /// <summary>The citizen's e-licences and those of the companies they represent.</summary>
    public IReadOnlyList<ELicenceView> Licences { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>Past its validity (Beijing date); such a licence verifies as expired.</summary>
    public bool IsExpired(ELicenceView licence) =>
        licence.ValidUntil is { } until && until < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    public async Task OnGetAsync(CancellationToken ct) =>
        Licences = await access.OwnLicencesAsync(CurrentUser.From(User), ct);
}
