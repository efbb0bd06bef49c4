using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.GovServices.Offers;

internal enum OfferStatus
{
    /// <summary>Waiting for the citizen's decision.</summary>
    Offered = 1,

    /// <summary>Accepted: a <see cref="BenefitGrant"/> was recorded and the department told.</summary>
    Confirmed = 2,

    /// <summary>The citizen does not want it.</summary>
    Declined = 3,

    /// <summary>The citizen disputes the facts or the rule; the department answers.</summary>
    Objected = 4,

    /// <summary>Another guardian of the same child already confirmed the same offer.</summary>
    Superseded = 5,
}

/// <summary>
/// A proactive offer (免申即享): the registries show that <see cref="PersonId"/> qualifies for a benefit under
/// <see cref="RuleCode"/>. One per rule, recipient and period (<see cref="PeriodKey"/>, which holds the child's id
/// for child rules). The reason (rule explanation and the matched facts) is personal data and stored encrypted.
/// </summary>
internal sealed class ProactiveOffer
{
    public long Id { get; set; }

    public required string RuleCode { get; set; }

    /// <summary>The recipient who decides: the resident, or the guardian for a child rule.</summary>
    public required string PersonId { get; set; }

    /// <summary>The child the offer concerns (child rules only).</summary>
    public string? SubjectPersonId { get; set; }

    public required string PeriodKey { get; set; }

    public required string ServiceCode { get; set; }

    public required string DepartmentCode { get; set; }

    public decimal Amount { get; set; }

    public BenefitFrequency Frequency { get; set; }

    /// <summary>JSON {zh, en, matched[]} encrypted (SM4-GCM).</summary>
    public required string ReasonCipher { get; set; }

    public OfferStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long? ScanId { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    /// <summary>The citizen's objection or reason for declining (free text, encrypted).</summary>
    public string? CommentCipher { get; set; }
}

/// <summary>What a confirmed offer grants: the amount, how often, from when (and until when, for child rules).</summary>
internal sealed class BenefitGrant
{
    public long Id { get; set; }

    public long OfferId { get; set; }

    public required string RuleCode { get; set; }

    public required string PersonId { get; set; }

    public string? SubjectPersonId { get; set; }

    public required string ServiceCode { get; set; }

    public required string DepartmentCode { get; set; }

    public decimal Amount { get; set; }

    public BenefitFrequency Frequency { get; set; }

    public DateOnly StartsOn { get; set; }

    public DateOnly? EndsOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One run of the offer scan: when, over which area, by whom, and what it found.</summary>
internal sealed class OfferScan
{
    public long Id { get; set; }

    public string? AreaCode { get; set; }

    public required string TriggeredBy { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int People { get; set; }

    public int Matched { get; set; }

    public int Created { get; set; }

    public string? Error { get; set; }
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<ProactiveOffer>, IEntityTypeConfiguration<BenefitGrant>, IEntityTypeConfiguration<OfferScan>
{
    public void Configure(EntityTypeBuilder<ProactiveOffer> b)
    {
        b.ToTable("gov_offers");
        b.Property(o => o.RuleCode).HasMaxLength(60);
        b.Property(o => o.PersonId).HasMaxLength(20);
        b.Property(o => o.SubjectPersonId).HasMaxLength(20);
        b.Property(o => o.PeriodKey).HasMaxLength(40);
        b.Property(o => o.ServiceCode).HasMaxLength(40);
        b.Property(o => o.DepartmentCode).HasMaxLength(40);
        b.Property(o => o.Amount).HasPrecision(12, 2);
        b.Property(o => o.DecidedBy).HasMaxLength(100);
        b.HasIndex(o => new { o.RuleCode, o.PersonId, o.PeriodKey }).IsUnique();
        b.HasIndex(o => new { o.PersonId, o.Status });
        b.HasIndex(o => new { o.DepartmentCode, o.Status });
    }

    public void Configure(EntityTypeBuilder<BenefitGrant> b)
    {
        b.ToTable("gov_benefit_grants");
        b.Property(g => g.RuleCode).HasMaxLength(60);
        b.Property(g => g.PersonId).HasMaxLength(20);
        b.Property(g => g.SubjectPersonId).HasMaxLength(20);
        b.Property(g => g.ServiceCode).HasMaxLength(40);
        b.Property(g => g.DepartmentCode).HasMaxLength(40);
        b.Property(g => g.Amount).HasPrecision(12, 2);
        b.HasIndex(g => g.OfferId).IsUnique();
        b.HasIndex(g => g.PersonId);
    }

    public void Configure(EntityTypeBuilder<OfferScan> b)
    {
        b.ToTable("gov_offer_scans");
        b.Property(s => s.AreaCode).HasMaxLength(12);
        b.Property(s => s.TriggeredBy).HasMaxLength(100);
        b.Property(s => s.Error).HasMaxLength(2000);
    }
}
