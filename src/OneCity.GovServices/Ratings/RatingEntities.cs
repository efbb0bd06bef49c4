using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.GovServices.Ratings;

/// <summary>Why a rating of 1–2 stars is bad (差评原因); the API names them in lower case.</summary>
internal enum RatingReason
{
    /// <summary>态度: the staff's attitude.</summary>
    Attitude = 1,

    /// <summary>时效: it took too long.</summary>
    Slow = 2,

    /// <summary>材料: asked for too much material.</summary>
    Materials = 3,

    /// <summary>结果: the result (a refusal, a wrong decision).</summary>
    Result = 4,

    /// <summary>其他.</summary>
    Other = 5,
}

/// <summary>The stage a rectification is at; each stage is recorded in order.</summary>
internal enum RectificationStatus
{
    /// <summary>Waiting for the department's response (1 working day).</summary>
    Open = 1,

    /// <summary>Responded; the fix is due (5 working days).</summary>
    Responded = 2,

    /// <summary>Fixed; feedback to the applicant is due (15 working days).</summary>
    Fixed = 3,

    /// <summary>Feedback given to the applicant: closed.</summary>
    Closed = 4,
}

/// <summary>
/// A rating (好差评) by the applicant of a whole application or of one finished department step.
/// <see cref="Target"/> is <c>application</c> or <c>step:&lt;id&gt;</c>, unique per application: one rating per thing.
/// </summary>
internal sealed class Rating
{
    public const string ApplicationTarget = "application";

    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public required string ApplicationNumber { get; set; }

    public required string Target { get; set; }

    public long? StepId { get; set; }

    /// <summary>The department that handled the rated step; null for an application-level rating.</summary>
    public string? DepartmentCode { get; set; }

    public string? ServiceCode { get; set; }

    public int Stars { get; set; }

    public RatingReason? Reason { get; set; }

    public string? Comment { get; set; }

    public required string RatedByUserId { get; set; }

    public DateTimeOffset RatedAt { get; set; }

    public DateOnly RatedOn { get; set; }

    public static string StepTarget(long stepId) => "step:" + stepId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A department's rectification (整改) of a bad rating: respond within 1 working day, fix within 5, give the applicant
/// feedback within 15, all counted from the rating day with the working-day calendar.
/// </summary>
internal sealed class Rectification
{
    public long Id { get; set; }

    public long RatingId { get; set; }

    public long ApplicationId { get; set; }

    public required string ApplicationNumber { get; set; }

    public long? StepId { get; set; }

    public required string DepartmentCode { get; set; }

    public int Stars { get; set; }

    public RatingReason Reason { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateOnly OpenedOn { get; set; }

    public DateOnly ResponseDueOn { get; set; }

    public DateOnly FixDueOn { get; set; }

    public DateOnly FeedbackDueOn { get; set; }

    public RectificationStatus Status { get; set; }

    public string? Response { get; set; }

    public string? RespondedBy { get; set; }

    public DateTimeOffset? RespondedAt { get; set; }

    public DateOnly? RespondedOn { get; set; }

    public string? Fix { get; set; }

    public string? FixedBy { get; set; }

    public DateTimeOffset? FixedAt { get; set; }

    public DateOnly? FixedOn { get; set; }

    public string? Feedback { get; set; }

    public string? FeedbackBy { get; set; }

    public DateTimeOffset? FeedbackAt { get; set; }

    public DateOnly? FeedbackOn { get; set; }

    /// <summary>Optimistic concurrency: two colleagues cannot record the same stage twice.</summary>
    public int Revision { get; set; }

    /// <summary>The deadline of the stage now due; null once closed.</summary>
    public DateOnly? CurrentDueOn => Status switch
    {
        RectificationStatus.Open => ResponseDueOn,
        RectificationStatus.Responded => FixDueOn,
        RectificationStatus.Fixed => FeedbackDueOn,
        _ => null,
    };
}

internal sealed class RatingConfiguration : IEntityTypeConfiguration<Rating>, IEntityTypeConfiguration<Rectification>
{
    public void Configure(EntityTypeBuilder<Rating> b)
    {
        b.ToTable("gov_ratings");
        b.Property(r => r.ApplicationNumber).HasMaxLength(24);
        b.Property(r => r.Target).HasMaxLength(40);
        b.Property(r => r.DepartmentCode).HasMaxLength(40);
        b.Property(r => r.ServiceCode).HasMaxLength(40);
        b.Property(r => r.Comment).HasMaxLength(500);
        b.Property(r => r.RatedByUserId).HasMaxLength(64);
        b.HasIndex(r => new { r.ApplicationId, r.Target }).IsUnique();
        b.HasIndex(r => r.DepartmentCode);
    }

    public void Configure(EntityTypeBuilder<Rectification> b)
    {
        b.ToTable("gov_rectifications");
        b.Property(r => r.ApplicationNumber).HasMaxLength(24);
        b.Property(r => r.DepartmentCode).HasMaxLength(40);
        b.Property(r => r.Response).HasMaxLength(2000);
        b.Property(r => r.RespondedBy).HasMaxLength(100);
        b.Property(r => r.Fix).HasMaxLength(2000);
        b.Property(r => r.FixedBy).HasMaxLength(100);
        b.Property(r => r.Feedback).HasMaxLength(2000);
        b.Property(r => r.FeedbackBy).HasMaxLength(100);
        b.Property(r => r.Revision).IsConcurrencyToken();
        b.Ignore(r => r.CurrentDueOn);
        b.HasIndex(r => new { r.DepartmentCode, r.Status });
        b.HasIndex(r => new { r.RatingId, r.DepartmentCode }).IsUnique();
        b.HasIndex(r => r.ApplicationId);
    }
}
