using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneCity.Platform.Data;

namespace OneCity.Platform.Organisation;

/// <summary>
/// The current security stamp of each account that has signed-in sessions, in memory, so that every request with a
/// cookie or a bearer token can be checked against it without a database query. An account's entry is dropped
/// whenever the account is saved through <see cref="UserManager{TUser}"/> (<see cref="PlatformUserManager"/>), so a
/// lock, password reset, role or jurisdiction change ends the account's sessions at their next request; entries are
/// also reloaded after <see cref="Lifetime"/>, for changes made by another process.
/// </summary>
public sealed class SessionStamps(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
{
    /// <summary>How long a loaded stamp is trusted before it is read again (changes made in this process apply at once).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    // Per account, counts invalidations, so that a stamp read while that account was being changed is not kept (a
    // per-account count, so that changes to other accounts, such as failed sign-ins, never stop caching).
    private readonly ConcurrentDictionary<string, long> versions = new(StringComparer.Ordinal);

    // Database reads per account, for diagnostics and tests (touched only on a read, never on the hot path).
    private readonly ConcurrentDictionary<string, long> loads = new(StringComparer.Ordinal);

    /// <summary>How often the account's stamp has been read from the database.</summary>
    public long LoadsOf(string userId) => loads.TryGetValue(userId, out var n) ? n : 0;

    /// <summary>True when the principal's security stamp is the account's current one (false without a stamp or an account).</summary>
    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var userId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(stamp))
        {
            return false;
        }

        var now = Environment.TickCount64;
        if (!entries.TryGetValue(userId, out var entry) || now - entry.LoadedAt > (long)Lifetime.TotalMilliseconds)
        {
            var before = versions.GetValueOrDefault(userId);
            loads.AddOrUpdate(userId, 1, (_, n) => n + 1);
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                var current = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.SecurityStamp }).FirstOrDefaultAsync(ct);
                entry = new Entry(current?.SecurityStamp, now);
            }

            // Store, then look again: a change that happened while the stamp was read, or between the look and the store,
            // moved the version, and the stamp read may be stale; it is dropped so the next request reads again.
            entries[userId] = entry;
            if (versions.GetValueOrDefault(userId) != before)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(userId, entry));
            }
        }

        return entry.Stamp is not null && string.Equals(entry.Stamp, stamp, StringComparison.Ordinal);
    }

    /// <summary>Drops the account's cached stamp; its sessions are checked against the database at their next request.</summary>
    public void Forget(string userId)
    {
        versions.AddOrUpdate(userId, 1, (_, v) => v + 1);
        entries.TryRemove(userId, out _);
    }

    /// <summary>
    /// Bearer tokens (<c>POST /api/auth/login</c>): the token is read here, as the bearer handler would, and refused
    /// when it has expired or the account's security stamp has changed since it was issued.
    /// </summary>
    internal static async Task CheckBearerAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
        if (ticket?.Properties.ExpiresUtc is not { } expires)
        {
            context.Fail("Unprotected token failed");
            return;
        }

        if ((context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() >= expires)
        {
            context.Fail("Token expired");
            return;
        }

        var stamps = context.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
        if (!await stamps.IsCurrentAsync(ticket.Principal, context.HttpContext.RequestAborted))
        {
            context.Fail("The account has changed since the token was issued (locked, password reset or new roles).");
            return;
        }

        context.Principal = ticket.Principal;
        context.Properties = ticket.Properties;
        context.Success();
    }

    /// <summary>Cookie sessions: refused and signed out as soon as the account's security stamp changes; then Identity's own periodic check.</summary>
    internal static Func<CookieValidatePrincipalContext, Task> CheckCookie(Func<CookieValidatePrincipalContext, Task> next) => async context =>
    {
        if (context.Principal is { } principal)
        {
            var stamps = context.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
            if (!await stamps.IsCurrentAsync(principal, context.HttpContext.RequestAborted))
            {
                context.HttpContext.RequestServices.GetService<ILoggerFactory>()?.CreateLogger<SessionStamps>()
                    .LogDebug("Cookie session of {User} ended: the account's security stamp changed.", principal.FindFirstValue(ClaimTypes.Name));
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
                return;
            }
        }

        await next(context);
    };

    private readonly record struct Entry(string? Stamp, long LoadedAt);
}

/// <summary>The platform's user manager: every saved change to an account drops its cached security stamp (<see cref="SessionStamps"/>).</summary>
public sealed class PlatformUserManager(
    IUserStore<PlatformUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PlatformUser> passwordHasher,
    IEnumerable<IUserValidator<PlatformUser>> userValidators,
    IEnumerable<IPasswordValidator<PlatformUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PlatformUser>> logger,
    SessionStamps stamps)
    : UserManager<PlatformUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(PlatformUser user)
    {
        try
        {
            return await base.UpdateUserAsync(user);
        }
        finally
        {
            stamps.Forget(user.Id);
        }
    }
}
