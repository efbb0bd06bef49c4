using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Cap;

internal enum CapIngestOutcome
{
    Created,
    Duplicate,
    Invalid,
}

/// <summary>What became of a received message: stored, already there (same sender, identifier and sent), or refused and why.</summary>
internal sealed record CapIngestResult(CapIngestOutcome Outcome, CapAlert? Alert, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>
/// Receives CAP messages from other authorities: schema validation (1.2, or 1.1 against its own schema), parsing into
/// queryable rows, storage of the exact bytes, de-duplication, and one audit-ledger entry per message whatever the outcome.
/// A message is stored whole in one SaveChanges (alert, infos, areas, geocodes) or not at all.
/// </summary>
internal sealed class CapIngest(SensingDbContext db, AuditLedger ledger, TimeProvider clock, Plans.EmergencyPlans plans)
{
    public async Task<CapIngestResult> IngestAsync(CurrentUser actor, byte[] raw, CancellationToken ct)
    {
        var check = CapSchema.Check(raw);
        var (alert, readErrors) = check.Valid
            ? CapReader.Read(check.Document!, check.Version!, raw, CapOrigin.Ingested, actor.UserName, clock.GetUtcNow())
            : (null, null);
        var errors = check.Errors ?? readErrors?.ToDictionary();
        if (errors is not null)
        {
            var first = errors.First();
            var detail = $"{first.Key}: {first.Value[0]}";
            await ledger.AppendAsync(actor, new AuditRecord("sensing.cap-rejected", "cap-alert", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw))[..16],
                Purpose: "public-warning", Details: detail.Length > 300 ? detail[..300] : detail), ct);
            return new CapIngestResult(CapIngestOutcome.Invalid, null, errors);
        }

        if (await FindAsync(alert!.Sender, alert.Identifier, alert.Sent, ct) is { } existing)
        {
            return await DuplicateAsync(actor, existing, ct);
        }

        db.Add(alert);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same message arrived twice at once: the unique index let one in.
            db.ChangeTracker.Clear();
            if (await FindAsync(alert.Sender, alert.Identifier, alert.Sent, ct) is { } raced)
            {
                return await DuplicateAsync(actor, raced, ct);
            }

            throw;
        }

        await ledger.AppendAsync(actor, new AuditRecord("sensing.cap-received", "cap-alert", alert.Id.ToString(CultureInfo.InvariantCulture), Purpose: "public-warning",
            Details: $"CAP {alert.Version} {alert.MsgType} {alert.Status} {alert.Scope} {alert.Identifier}{(alert.Signed ? " signed" : "")}"), ct);
        await ProposePlansAsync(alert, ct);
        return new CapIngestResult(CapIngestOutcome.Created, alert, null);
    }

    /// <summary>
    /// An actual (or exercise) alert or update may trigger emergency plans: each info block is matched by event,
    /// severity and area, and a match proposes an activation for the commander to confirm.
    /// </summary>
    private async Task ProposePlansAsync(CapAlert alert, CancellationToken ct)
    {
        if (alert.Status is not ("Actual" or "Exercise") || alert.MsgType is not ("Alert" or "Update"))
        {
            return;
        }

        foreach (var info in alert.Infos)
        {
            await plans.ProposeFromCapAsync(new Plans.CapTrigger(alert.Identifier, alert.Sender, info.Event, info.Severity, info.Urgency, info.Certainty,
                info.Areas.Select(a => a.AreaDesc).ToList(), info.Areas.SelectMany(a => a.Geocodes.Select(g => g.Value)).ToList(), info.Language, info.Headline), ct);
        }
    }

    private async Task<CapIngestResult> DuplicateAsync(CurrentUser actor, CapAlert existing, CancellationToken ct)
    {
        await ledger.AppendAsync(actor, new AuditRecord("sensing.cap-duplicate", "cap-alert", existing.Id.ToString(CultureInfo.InvariantCulture), Purpose: "public-warning",
            Details: $"{existing.MsgType} {existing.Identifier} received again"), ct);
        return new CapIngestResult(CapIngestOutcome.Duplicate, existing, null);
    }

    private async Task<CapAlert?> FindAsync(string sender, string identifier, DateTimeOffset sent, CancellationToken ct)
    {
        var id = await db.Set<CapAlert>().AsNoTracking()
            .Where(a => a.Sender == sender && a.Identifier == identifier && a.Sent == sent).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await CapQueries.LoadAsync(db, id.Value, ct);
    }
}
