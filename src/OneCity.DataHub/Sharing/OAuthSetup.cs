using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OneCity.DataHub.Data;
using OneCity.Platform.Hosting;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OneCity.DataHub.Sharing;

/// <summary>
/// OAuth 2.0 client credentials for department systems, with OpenIddict: token endpoint <c>/connect/token</c>,
/// scope <c>datahub.api</c>, EF Core stores in DataHub's database, keys generated on first run under <c>data/keys/</c>.
/// </summary>
internal static class OAuthSetup
{
    public const string Scope = "datahub.api";
    public const string TokenPath = "/connect/token";
    public const string DepartmentClaim = "onecity_department";

    public static IServiceCollection AddDataApiOAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var paths = new PlatformPaths(configuration);
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<DataHubDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                o.RegisterScopes(Scope);
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                o.AddSigningKey(LoadOrCreateRsaKey(paths, "openiddict-signing.pem"));
                o.AddEncryptionKey(new SymmetricSecurityKey(paths.LoadOrCreateKey(configuration, "DataHub:TokenEncryptionKey", "openiddict-encryption.key", 32)));
                // TLS is terminated in front of the platform (and the demo listens on loopback over HTTP).
                o.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });
        services.AddSingleton<AccessTokenCache>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CachedAccessTokenHandler>(CachedAccessTokenHandler.SchemeName, o =>
        {
            o.ForwardChallenge = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
            o.ForwardForbid = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
        });
        return services;
    }

    /// <summary>An RSA key in PKCS#8 PEM, created with owner-only permissions on first run; never committed.</summary>
    private static RsaSecurityKey LoadOrCreateRsaKey(PlatformPaths paths, string fileName)
    {
        Directory.CreateDirectory(paths.KeysDirectory);
        var path = Path.Combine(paths.KeysDirectory, fileName);
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(tmp, rsa.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(tmp, path, overwrite: false);
            }
            catch (IOException)
            {
                // Another start-up won the race: use its key.
                File.Delete(tmp);
                rsa.ImportFromPem(File.ReadAllText(path));
            }
        }

        return new RsaSecurityKey(rsa) { KeyId = "datahub-" + fileName.Replace(".pem", "", StringComparison.Ordinal) };
    }

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(TokenPath, Token).AllowAnonymous().ExcludeFromDescription();

    /// <summary>OpenIddict has already authenticated the client and checked its permissions; this adds the department and refuses disabled clients.</summary>
    private static async Task<IResult> Token(HttpContext http, DataHubDbContext db)
    {
        var request = http.GetOpenIddictServerRequest();
        if (request is null || !request.IsClientCredentialsGrantType() || request.ClientId is null)
        {
            return Refuse(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        var client = await db.Set<DataClient>().AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == request.ClientId, http.RequestAborted);
        if (client is null || client.Disabled)
        {
            return Refuse(Errors.InvalidClient, "The client is disabled or not registered for the data API.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId);
        identity.SetClaim(Claims.Name, client.ClientId);
        identity.SetClaim(DepartmentClaim, client.DepartmentCode);
        identity.SetScopes(request.GetScopes().Where(s => s == Scope));
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
