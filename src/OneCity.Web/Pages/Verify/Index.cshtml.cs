using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Hosting;
using OneCity.Web.Hosting;
using OneCity.Web.Verification;

namespace OneCity.Web.Pages.Verify;

/// <summary>
/// The public verification of an e-licence, where its QR code leads: a page for browsers, the same answer as JSON for
/// <c>Accept: application/json</c>. Anonymous: whoever is shown a licence can check it.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    private LicenceVerifier Verifier => HttpContext.RequestServices.GetRequiredService<LicenceVerifier>();

    internal LicenceCheck? Check { get; private set; }

    public string Id { get; private set; } = "";

    public string? QrSvg { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Id = id;
        Response.Headers.Vary = "Accept";
        // A revocation must show at once: caches revalidate every time.
        Response.Headers.CacheControl = "no-cache";
        Check = await Verifier.CheckAsync(id, Request, ct);
        if (LicenceVerifier.WantsJson(Request))
        {
            return new HttpResultAction(Check is null ? Problems.NotFound($"No e-licence has id {id}.") : TypedResults.Ok(Check));
        }

        if (Check is null)
        {
            var missing = Page();
            missing.StatusCode = StatusCodes.Status404NotFound;
            return missing;
        }

        QrSvg = QrCodes.Svg(Check.VerifyUrl);
        return Page();
    }

    /// <summary>The headline and the sentence under it, as localisation keys.</summary>
    internal static (string Headline, string Explanation) Wording(string verdict) => verdict switch
    {
        LicenceVerifier.Genuine => ("真实有效", "数字签名验证通过，证照在有效期内且未被注销。"),
        LicenceVerifier.Revoked => ("已注销", "证照真实，但已被发证机关注销，不再有效。"),
        LicenceVerifier.Expired => ("已过期", "证照真实，但已超过有效期，不再有效。"),
        _ => ("验证失败：证照已被篡改", "数字签名与证照内容不符，证照可能被伪造或篡改，请勿采信。"),
    };
}
