using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation.Users;
using OneCity.Platform.PersonalData;
using OneCity.Platform.Registries;
using OneCity.Platform.Registries.ELicences;
using OneCity.Web.Hosting;

namespace OneCity.Web.Verification;

/// <summary>
/// The public answer about one e-licence, for anyone holding it or its QR code: whether it is genuine (SM2 signature
/// over the stored licence) and current, what it is and who issued it. The holder appears masked only; the licence's
/// content and number never appear.
/// </summary>
/// <param name="Verdict"><c>genuine</c>, <c>tampered</c> (signature does not match), <c>revoked</c> or <c>expired</c>.</param>
internal sealed record LicenceCheck(
    string Id, string Verdict, bool SignatureValid, bool Current, string Status,
    string Type, string TypeNameZh, string TypeNameEn,
    string IssuerDepartmentCode, string IssuerNameZh, string IssuerNameEn,
    DateOnly IssuedOn, DateOnly? ValidUntil, string HolderKind, string Holder, bool Synthetic,
    string PublicKey, string VerifyUrl, string QrUrl);

/// <summary>Builds <see cref="LicenceCheck"/> from the kernel's registry and maps the QR code endpoint.</summary>
internal sealed class LicenceVerifier(RegistryService registry, OrganisationDirectory directory, IConfiguration configuration)
{
    public const string Genuine = "genuine";
    public const string Tampered = "tampered";
    public const string Revoked = "revoked";
    public const string Expired = "expired";

    /// <summary>The check, or null when there is no such licence.</summary>
    public async Task<LicenceCheck?> CheckAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (id.Length > 40)
        {
            return null;
        }

        var verification = await registry.VerifyLicenceAsync(id, ct);
        var licence = await registry.GetLicenceAsync(id, ct);
        if (verification is null || licence is null)
        {
            return null;
        }

        var verdict = !verification.SignatureValid ? Tampered
            : verification.Status == nameof(ELicenceStatus.Revoked) ? Revoked
            : !verification.Current ? Expired
            : Genuine;
        var issuer = await directory.DepartmentAsync(verification.IssuerDepartmentCode, ct);
        var url = VerifyUrl(request, licence.Id);
        return new LicenceCheck(
            licence.Id, verdict, verification.SignatureValid, verification.Current, verification.Status,
            verification.Type, licence.TypeNameZh, licence.TypeNameEn,
            verification.IssuerDepartmentCode, issuer?.Zh ?? verification.IssuerDepartmentCode, issuer?.En ?? verification.IssuerDepartmentCode,
            verification.IssuedOn, verification.ValidUntil, licence.HolderKind, await MaskedHolderAsync(licence, ct), licence.Synthetic,
            verification.PublicKey, url, url + "/qr.svg");
    }

    /// <summary>
    /// The absolute address of the verification page: <c>Verification:BaseUrl</c> when set (the public address behind
    /// a reverse proxy), else the address of the request.
    /// </summary>
    public string VerifyUrl(HttpRequest request, string id)
    {
        var configured = configuration["Verification:BaseUrl"];
        var path = "/verify/" + Uri.EscapeDataString(id);
        return string.IsNullOrWhiteSpace(configured)
            ? UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, path)
            : configured.TrimEnd('/') + path;
    }

    /// <summary>
    /// True when the caller asked for JSON rather than HTML: the first of them in the Accept header by quality
    /// decides; no Accept header or only <c>*/*</c> means a page.
    /// </summary>
    public static bool WantsJson(HttpRequest request)
    {
        foreach (var m in request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1.0))
        {
            if (m.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || m.MediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (m.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || m.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A person's masked name (张*) or an entity's name with its middle hidden; never the id.</summary>
    private async Task<string> MaskedHolderAsync(ELicenceView licence, CancellationToken ct)
    {
        if (licence.HolderKind == nameof(HolderKind.Person))
        {
            return (await registry.GetPersonAsync(licence.HolderId, ct))?.Person.Name ?? "—";
        }

        return await registry.GetEntityAsync(licence.HolderId, ct) is { } e ? Masking.Keep(e.Name, 2, 2) : "—";
    }
}

/// <summary><c>GET /verify/{id}/qr.svg</c>; the page and its JSON are <c>Pages/Verify/Index</c>.</summary>
internal static class LicenceVerificationEndpoints
{
    public static IEndpointRouteBuilder MapLicenceVerification(this IEndpointRouteBuilder app)
    {
        app.MapGet("/verify/{id}/qr.svg", QrAsync).AllowAnonymous().WithTags("Registries")
            .WithSummary("A QR code (SVG) encoding the absolute address of the e-licence's public verification page.");
        return app;
    }

    private static async Task<IResult> QrAsync(string id, LicenceVerifier verifier, RegistryService registry, HttpContext http)
    {
        if (id.Length > 40 || await registry.GetLicenceAsync(id, http.RequestAborted) is null)
        {
            return Problems.NotFound($"No e-licence has id {id}.");
        }

        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Text(QrCodes.Svg(verifier.VerifyUrl(http.Request, id)), "image/svg+xml; charset=utf-8");
    }
}

/// <summary>Runs a minimal-API result from a page handler, so a page can answer JSON exactly as the APIs do.</summary>
internal sealed class HttpResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
