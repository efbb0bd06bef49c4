using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneCity.GovServices.Applications;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;
using OneCity.Web.Pages.Portal.Services;

namespace OneCity.Web.Pages.Workbench.Counter;

/// <summary>
/// 帮办: the counter clerk checks the applicant's identity, then runs the same form, materials and submission on
/// their behalf. Uploads belong to the clerk; the application belongs to the applicant's account and records the
/// clerk and the identity check.
/// </summary>
[Authorize(Roles = Roles.CounterClerk)]
public sealed class IndexModel : ApplyFlowModel
{
    public override bool OnBehalf => true;

    private protected override OnBehalfInput? Applicant => new(IdNumber?.Trim(), IdentityCheck);

    protected override string ReceiptUrl(string number) => "/Workbench/Counter/Receipt?number=" + Uri.EscapeDataString(number);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => StartAsync(ct);

    public Task<IActionResult> OnPostAsync(string? go, CancellationToken ct) => AdvanceAsync(go, ct);

    public Task<IActionResult> OnPostVisibilityAsync(CancellationToken ct) => VisibilityAsync(ct);

    protected override bool ValidateIdentity()
    {
        var ok = true;
        if (string.IsNullOrWhiteSpace(IdNumber) || !ResidentIdNumber.IsValid(IdNumber.Trim()))
        {
            Errors["onBehalfOf.idNumber"] = [GovLabels.Rule("a valid resident identity number (GB 11643)")];
            ok = false;
        }

        if (IdentityCheck is null || !GovLabels.IdentityChecks.Contains(IdentityCheck))
        {
            Errors["onBehalfOf.identityCheck"] = [GovLabels.Rule("one of id-card-reader, face-recognition, document-inspection")];
            ok = false;
        }

        return ok;
    }
}
