using Microsoft.AspNetCore.Identity;
using OneCity.Platform.Audit;

namespace OneCity.Platform.Organisation;

/// <summary>Records the outcome of a sign-in attempt the same way for the API, the login page and the second-factor page.</summary>
public static class SignInAudit
{
    /// <summary>Appends <c>auth.signed-in</c>, <c>auth.locked-out</c> or <c>auth.failed</c> for the user name, naming the channel.</summary>
    public static Task RecordAsync(this AuditLedger ledger, string userName, SignInResult result, string channel, CancellationToken ct = default)
    {
        var action = result.Succeeded ? "auth.signed-in" : result.IsLockedOut ? "auth.locked-out" : "auth.failed";
        // Nobody is signed in yet: the attempt is attributed to the name that was typed.
        var actor = new CurrentUser("", userName, userName, [], null, AreaCodes.City, null);
        return ledger.AppendAsync(actor, new AuditRecord(action, "user", userName, Details: channel), ct);
    }
}
