using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Tracker;

/// <summary>
/// A citizen's consent to one use of their data that has no statutory basis: this department, this purpose.
/// Withdrawn consents are kept (with the time) so the history stays visible.
/// </summary>
internal sealed class Consent
{
    public long Id { get; init; }

    public required string PersonId { get; init; }

    /// <summary>The department allowed to use the data.</summary>
    public required string GranteeDepartmentCode { get; init; }

    /// <summary>The purpose code, the same as on the sharing grant (e.g. <c>maternity-benefit-prefill</c>).</summary>
    public required string Purpose { get; init; }

    public DateTimeOffset GivenAt { get; init; }

    public DateTimeOffset? WithdrawnAt { get; set; }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> b)
    {
        b.ToTable("datahub_consents");
        b.HasKey(c => c.Id);
        b.Property(c => c.PersonId).HasMaxLength(20);
        b.Property(c => c.GranteeDepartmentCode).HasMaxLength(40);
        b.Property(c => c.Purpose).HasMaxLength(100);
        b.HasIndex(c => new { c.PersonId, c.GranteeDepartmentCode, c.Purpose });
    }
}

/// <summary>Checks consent at every access that needs it.</summary>
internal sealed class ConsentService(DataHubDbContext db)
{
    /// <summary>True when the person has an active consent for this department and purpose.</summary>
    public Task<bool> HasConsentAsync(string personId, string granteeDepartmentCode, string purpose, CancellationToken ct) =>
        db.Set<Consent>().AnyAsync(c => c.PersonId == personId && c.GranteeDepartmentCode == granteeDepartmentCode && c.Purpose == purpose && c.WithdrawnAt == null, ct);

    /// <summary>Of these persons, the ones who have consented (one query for a batch of records).</summary>
    public async Task<HashSet<string>> WithConsentAsync(IReadOnlyCollection<string> personIds, string granteeDepartmentCode, string purpose, CancellationToken ct)
    {
        var ids = await db.Set<Consent>()
            .Where(c => personIds.Contains(c.PersonId) && c.GranteeDepartmentCode == granteeDepartmentCode && c.Purpose == purpose && c.WithdrawnAt == null)
            .Select(c => c.PersonId).Distinct().ToListAsync(ct);
        return ids.ToHashSet(StringComparer.Ordinal);
    }
}
