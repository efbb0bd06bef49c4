using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.DataHub.OpenData;

internal enum AgreementStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}

/// <summary>An authorised-operation agreement (授权运营协议) for one conditional-open dataset and one applicant.</summary>
internal sealed class OpenDataAgreement
{
    public long Id { get; init; }

    public required string DatasetCode { get; init; }

    /// <summary>The applicant's user id (a citizen or company-representative account).</summary>
    public required string ApplicantUserId { get; init; }

    public required string ApplicantUserName { get; init; }

    public required string Purpose { get; init; }

    /// <summary>Unified social credit code of the organisation the applicant acts for.</summary>
    public required string OrganisationCreditCode { get; init; }

    public AgreementStatus Status { get; set; }

    public DateTimeOffset AppliedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecisionNote { get; set; }

    /// <summary>Terms: the agreement is usable until this instant.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Terms: rows the applicant may receive per calendar month (UTC).</summary>
    public int MonthlyRowQuota { get; set; }

    /// <summary>Terms: preview/download/API calls per calendar month (UTC).</summary>
    public int MonthlyCallQuota { get; set; }

    public string Terms { get; set; } = "";
}

/// <summary>Metered use of an agreement in one month (<c>yyyy-MM</c>).</summary>
internal sealed class AgreementUsage
{
    public long Id { get; init; }

    public long AgreementId { get; init; }

    public required string Month { get; init; }

    public long Rows { get; set; }

    public int Calls { get; set; }
}

internal sealed class OpenDataAgreementConfiguration : IEntityTypeConfiguration<OpenDataAgreement>
{
    public void Configure(EntityTypeBuilder<OpenDataAgreement> b)
    {
        b.ToTable("datahub_open_agreements");
        b.HasKey(a => a.Id);
        b.Property(a => a.DatasetCode).HasMaxLength(80);
        b.Property(a => a.ApplicantUserId).HasMaxLength(100);
        b.Property(a => a.ApplicantUserName).HasMaxLength(100);
        b.Property(a => a.Purpose).HasMaxLength(1000);
        b.Property(a => a.OrganisationCreditCode).HasMaxLength(18);
        b.Property(a => a.DecidedBy).HasMaxLength(100);
        b.Property(a => a.DecisionNote).HasMaxLength(1000);
        b.Property(a => a.Terms).HasMaxLength(2000);
        b.HasIndex(a => new { a.DatasetCode, a.ApplicantUserId });
        b.HasIndex(a => a.Status);
    }
}

internal sealed class AgreementUsageConfiguration : IEntityTypeConfiguration<AgreementUsage>
{
    public void Configure(EntityTypeBuilder<AgreementUsage> b)
    {
        b.ToTable("datahub_open_agreement_usage");
        b.HasKey(u => u.Id);
        b.Property(u => u.Month).HasMaxLength(7);
        b.HasIndex(u => new { u.AgreementId, u.Month }).IsUnique();
    }
}
