using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.GovServices.Bundles;

namespace OneCity.GovServices.Applications;

internal enum ApplicationStatus
{
    /// <summary>Departments are working on it.</summary>
    InProgress = 1,

    /// <summary>A department asked for a supplement (补正); the clocks of waiting steps are paused.</summary>
    WaitingForApplicant = 2,

    /// <summary>Every step finished successfully.</summary>
    Completed = 3,

    /// <summary>Finished, but some steps were rejected, refused or cancelled.</summary>
    PartiallyCompleted = 4,

    /// <summary>Finished with no successful step.</summary>
    Rejected = 5,
}

internal enum StepStatus
{
    /// <summary>Waiting for the steps it depends on.</summary>
    Blocked = 1,

    /// <summary>In the department's queue, not yet accepted (受理).</summary>
    Pending = 2,

    /// <summary>Accepted and under review.</summary>
    Accepted = 3,

    /// <summary>Waiting for the applicant's supplement; the working-day clock is paused.</summary>
    Supplement = 4,

    /// <summary>Approved; the output is being issued.</summary>
    Approved = 5,

    /// <summary>Finished: approved and the output (if any) issued.</summary>
    Done = 6,

    /// <summary>Not accepted (不予受理), with a reason.</summary>
    Refused = 7,

    /// <summary>Rejected after review (不予批准), with a reason.</summary>
    Rejected = 8,

    /// <summary>Cancelled because a step it depends on failed.</summary>
    Cancelled = 9,
}

internal enum MaterialDisposition
{
    /// <summary>Exempt: the applicant holds a current e-licence, used instead of paper (<see cref="ApplicationMaterial.LicenceId"/>).</summary>
    ExemptLicence = 1,

    /// <summary>Exempt: obtained from a registry through a DataHub grant.</summary>
    ExemptRegistry = 2,

    /// <summary>Replaced by the applicant's signed commitment (告知承诺).</summary>
    Commitment = 3,

    /// <summary>Uploaded by the applicant (<see cref="ApplicationMaterial.FileId"/>).</summary>
    Uploaded = 4,
}

/// <summary>An application for a bundle: one form, one submission, many department steps.</summary>
internal sealed class Application
{
    public long Id { get; set; }

    /// <summary>The application number shown on the receipt, e.g. <c>YW20261128000123</c>.</summary>
    public required string Number { get; set; }

    public required string BundleCode { get; set; }

    public int BundleVersion { get; set; }

    public required string BundleNameZh { get; set; }

    public required string BundleNameEn { get; set; }

    public ApplicantKind ApplicantKind { get; set; }

    /// <summary>The population-registry id of the applicant (the legal representative for companies).</summary>
    public required string ApplicantPersonId { get; set; }

    public string? EntityCreditCode { get; set; }

    /// <summary>The platform user who owns the application (the citizen's account).</summary>
    public string? ApplicantUserId { get; set; }

    /// <summary>The account that submitted it (the applicant, or the clerk for 帮办); idempotency keys are per submitter.</summary>
    public required string SubmittedByUserId { get; set; }

    /// <summary>The counter clerk who submitted on the applicant's behalf (帮办), if any.</summary>
    public string? AgentUserName { get; set; }

    /// <summary>How the clerk checked the applicant's identity (e.g. <c>id-card-reader</c>).</summary>
    public string? IdentityCheck { get; set; }

    public required string Channel { get; set; }

    /// <summary>The district whose departments handle district-level steps.</summary>
    public required string DistrictCode { get; set; }

    /// <summary>The form answers as JSON, encrypted (SM4-GCM): they contain personal data.</summary>
    public required string AnswersCipher { get; set; }

    /// <summary>Per pre-filled field: its source and, when the applicant corrected it, the reason (no personal values).</summary>
    public required string ProvenanceJson { get; set; }

    public string? IdempotencyKey { get; set; }

    public required string RequestHash { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateOnly SubmittedOn { get; set; }

    public DateOnly PromisedBy { get; set; }

    public ApplicationStatus Status { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ApplicationStep> Steps { get; set; } = [];

    public List<ApplicationMaterial> Materials { get; set; } = [];
}

/// <summary>One department's step of an application.</summary>
internal sealed class ApplicationStep
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public Application? Application { get; set; }

    public required string StepKey { get; set; }

    public required string ServiceCode { get; set; }

    public required string ServiceNameZh { get; set; }

    public required string ServiceNameEn { get; set; }

    public required string DepartmentCode { get; set; }

    /// <summary>Step keys this step waits for (comma-separated).</summary>
    public required string DependsOn { get; set; }

    public StepStatus Status { get; set; }

    public int PromisedDays { get; set; }

    /// <summary>When the step entered the department's queue.</summary>
    public DateOnly? StartedOn { get; set; }

    /// <summary>The working-day deadline; moved later by the working days spent waiting for the applicant.</summary>
    public DateOnly? DueOn { get; set; }

    /// <summary>Set while waiting for the applicant: the clock is paused from this day.</summary>
    public DateOnly? PausedOn { get; set; }

    public string? Reason { get; set; }

    public string? OutputType { get; set; }

    public string? OutputLicenceId { get; set; }

    public string? HandledBy { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two reviewers cannot both act on the same state.</summary>
    public int Revision { get; set; }
}

/// <summary>How one material of the application is satisfied.</summary>
internal sealed class ApplicationMaterial
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public required string MaterialCode { get; set; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    /// <summary>The services that need it (comma-separated).</summary>
    public required string Services { get; set; }

    public MaterialDisposition Disposition { get; set; }

    public string? LicenceId { get; set; }

    public string? Dataset { get; set; }

    public long? FileId { get; set; }

    public DateTimeOffset? CommittedAt { get; set; }
}

/// <summary>An uploaded file, checked by content (PDF, JPEG, PNG), stored in the database so it commits with the application.</summary>
internal sealed class UploadedFile
{
    public long Id { get; set; }

    public required string OwnerUserId { get; set; }

    public long? ApplicationId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>A one-time supplement notice (一次性告知): everything a step still needs, answered once.</summary>
internal sealed class SupplementRequest
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public long StepId { get; set; }

    /// <summary>JSON list of <see cref="SupplementItem"/>.</summary>
    public required string ItemsJson { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnswerNote { get; set; }

    /// <summary>JSON map material code → file id of the answer's uploads.</summary>
    public string? AnswerFilesJson { get; set; }
}

/// <summary>What a supplement asks for: a material to (re-)upload, or a note to answer.</summary>
internal sealed record SupplementItem(string? MaterialCode, string NoteZh, string? NoteEn = null);

/// <summary>The application's timeline: every action, by whom (no personal values).</summary>
internal sealed class ApplicationEvent
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public long? StepId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Kind { get; set; }

    public string? Details { get; set; }
}

internal sealed class ApplicationConfiguration :
    IEntityTypeConfiguration<Application>, IEntityTypeConfiguration<ApplicationStep>, IEntityTypeConfiguration<ApplicationMaterial>,
    IEntityTypeConfiguration<UploadedFile>, IEntityTypeConfiguration<SupplementRequest>, IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.ToTable("gov_applications");
        b.Property(a => a.Number).HasMaxLength(24);
        b.HasIndex(a => a.Number).IsUnique();
        b.Property(a => a.BundleCode).HasMaxLength(60);
        b.Property(a => a.BundleNameZh).HasMaxLength(200);
        b.Property(a => a.BundleNameEn).HasMaxLength(300);
        b.Property(a => a.ApplicantPersonId).HasMaxLength(20);
        b.Property(a => a.EntityCreditCode).HasMaxLength(18);
        b.Property(a => a.ApplicantUserId).HasMaxLength(64);
        b.Property(a => a.AgentUserName).HasMaxLength(100);
        b.Property(a => a.IdentityCheck).HasMaxLength(40);
        b.Property(a => a.Channel).HasMaxLength(20);
        b.Property(a => a.DistrictCode).HasMaxLength(12);
        b.Property(a => a.IdempotencyKey).HasMaxLength(100);
        b.Property(a => a.RequestHash).HasMaxLength(64);
        b.HasIndex(a => new { a.ApplicantPersonId, a.SubmittedAt });
        b.HasIndex(a => new { a.SubmittedByUserId, a.IdempotencyKey }).IsUnique();
        b.HasIndex(a => a.ApplicantUserId);
        b.Property(a => a.SubmittedByUserId).HasMaxLength(64);
        b.HasIndex(a => new { a.BundleCode, a.Status });
        b.HasMany(a => a.Steps).WithOne(s => s.Application).HasForeignKey(s => s.ApplicationId);
        b.HasMany(a => a.Materials).WithOne().HasForeignKey(m => m.ApplicationId);
    }

    public void Configure(EntityTypeBuilder<ApplicationStep> b)
    {
        b.ToTable("gov_application_steps");
        b.Property(s => s.StepKey).HasMaxLength(60);
        b.Property(s => s.ServiceCode).HasMaxLength(40);
        b.Property(s => s.ServiceNameZh).HasMaxLength(200);
        b.Property(s => s.ServiceNameEn).HasMaxLength(300);
        b.Property(s => s.DepartmentCode).HasMaxLength(40);
        b.Property(s => s.DependsOn).HasMaxLength(600);
        b.Property(s => s.Reason).HasMaxLength(2000);
        b.Property(s => s.OutputType).HasMaxLength(60);
        b.Property(s => s.OutputLicenceId).HasMaxLength(40);
        b.Property(s => s.HandledBy).HasMaxLength(100);
        b.Property(s => s.Revision).IsConcurrencyToken();
        b.HasIndex(s => new { s.DepartmentCode, s.Status, s.DueOn });
        b.HasIndex(s => new { s.ApplicationId, s.StepKey }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ApplicationMaterial> b)
    {
        b.ToTable("gov_application_materials");
        b.Property(m => m.MaterialCode).HasMaxLength(60);
        b.Property(m => m.NameZh).HasMaxLength(200);
        b.Property(m => m.NameEn).HasMaxLength(300);
        b.Property(m => m.Services).HasMaxLength(600);
        b.Property(m => m.LicenceId).HasMaxLength(40);
        b.Property(m => m.Dataset).HasMaxLength(80);
        b.HasIndex(m => m.ApplicationId);
    }

    public void Configure(EntityTypeBuilder<UploadedFile> b)
    {
        b.ToTable("gov_files");
        b.Property(f => f.OwnerUserId).HasMaxLength(64);
        b.Property(f => f.FileName).HasMaxLength(200);
        b.Property(f => f.ContentType).HasMaxLength(40);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.HasIndex(f => f.OwnerUserId);
        b.HasIndex(f => f.ApplicationId);
    }

    public void Configure(EntityTypeBuilder<SupplementRequest> b)
    {
        b.ToTable("gov_supplements");
        b.Property(s => s.RequestedBy).HasMaxLength(100);
        b.Property(s => s.AnswerNote).HasMaxLength(2000);
        b.HasIndex(s => s.ApplicationId);
        b.HasIndex(s => s.StepId);
    }

    public void Configure(EntityTypeBuilder<ApplicationEvent> b)
    {
        b.ToTable("gov_application_events");
        b.Property(e => e.Actor).HasMaxLength(100);
        b.Property(e => e.Kind).HasMaxLength(60);
        b.Property(e => e.Details).HasMaxLength(2000);
        b.HasIndex(e => e.ApplicationId);
    }
}
