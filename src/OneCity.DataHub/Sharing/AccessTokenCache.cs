using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace OneCity.DataHub.Sharing;

/// <summary>
/// Access tokens OpenIddict has already validated, kept per process until the token expires (by the platform's clock),
/// keyed by the SHA-256 of the token; the token itself is not kept. A token is only as good as OpenIddict found it:
/// nothing here extends a token's lifetime. Revocation needs no eviction: the client (disabled or not) and its grants
/// are checked on every data API call by <see cref="DataAccess"/>.
/// </summary>
internal sealed class AccessTokenCache(TimeProvider clock)
{
    /// <summary>At most this many tokens are kept; beyond it new tokens are validated on every call until older ones expire.</summary>
    public const int MaxEntries = 10_000;

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public static string Hash(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        return Convert.ToBase64String(SHA256.HashData(bytes));
    }

    /// <summary>A copy of the cached principal, when the token was validated before and has not expired.</summary>
    public ClaimsPrincipal? Find(string hash)
    {
        if (!entries.TryGetValue(hash, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() >= entry.ExpiresAt)
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(hash, entry));
            return null;
        }

        return entry.Principal.Clone();
    }

    public void Add(string hash, ClaimsPrincipal principal, DateTimeOffset expiresAt)
    {
        var now = clock.GetUtcNow();
        if (expiresAt <= now)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            foreach (var (key, entry) in entries)
            {
                if (entry.ExpiresAt <= now)
                {
                    entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                }
            }

            if (entries.Count >= MaxEntries)
            {
                return;
            }
        }

        entries[hash] = new Entry(principal.Clone(), expiresAt);
    }
}

/// <summary>
/// The data API's authentication scheme: a bearer token seen before (and not expired) is answered from
/// <see cref="AccessTokenCache"/>; any other is handed to OpenIddict validation, and cached when OpenIddict accepts it.
/// Challenges and forbids go to OpenIddict, so refusals look exactly as before.
/// </summary>
internal sealed class CachedAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokenCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DataApiAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        var hash = token.Length is > 0 and <= 16_384 ? AccessTokenCache.Hash(token) : null;
        if (hash is not null && cache.Find(hash) is { } known)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(known, SchemeName));
        }

        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return result.None ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(result.Failure ?? new InvalidOperationException("The access token was refused."));
        }

        var expiresAt = result.Principal.GetExpirationDate() ?? result.Properties?.ExpiresUtc;
        if (hash is not null && expiresAt is { } until)
        {
            // Never beyond the token's own lifetime, by the same clock OpenIddict checks it with.
            cache.Add(hash, result.Principal, until);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(result.Principal, result.Properties, SchemeName));
    }
}
