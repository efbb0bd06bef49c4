using Microsoft.AspNetCore.Mvc;
using OneCity.GovServices.Applications;

namespace OneCity.Web.Pages.Portal.Services;

/// <summary>A citizen or company representative applies for a bundle (一件事) themselves.</summary>
public sealed class ApplyModel : ApplyFlowModel
{
    private protected override OnBehalfInput? Applicant => null;

    protected override string ReceiptUrl(string number) => "/Portal/Services/Receipt?number=" + Uri.EscapeDataString(number);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => StartAsync(ct);

    public Task<IActionResult> OnPostAsync(string? go, CancellationToken ct) => AdvanceAsync(go, ct);

    public Task<IActionResult> OnPostVisibilityAsync(CancellationToken ct) => VisibilityAsync(ct);
}
