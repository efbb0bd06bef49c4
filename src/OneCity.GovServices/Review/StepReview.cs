using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Review;

/// <summary>An uploaded file's metadata (never its bytes) as a handler sees it next to a material.</summary>
internal sealed record ReviewFile(long Id, string FileName, string ContentType, long Size);

/// <summary>
/// How one material is satisfied: an e-licence (held, or issued by an earlier step of this application), a registry
/// record obtained by sharing, a signed commitment, or an uploaded file. <see cref="ForThisStep"/> marks what the
/// step's own service asks for.
/// </summary>
internal sealed record ReviewMaterial(string Code, string NameZh, string NameEn, MaterialDisposition Disposition, IReadOnlyList<string> Services, bool ForThisStep,
    string? LicenceId, string? IssuingStepZh, string? IssuingStepEn, string? Dataset, DateTimeOffset? CommittedAt, ReviewFile? File);

/// <summary>One answer of the unified form with its label, its option label for choices, and where a pre-filled value came from.</summary>
internal sealed record ReviewAnswer(string Key, string LabelZh, string LabelEn, string Type, string? Value, string? OptionZh, string? OptionEn,
    string? Source, bool Corrected, string? CorrectionReason);

/// <summary>Everything a handler needs to decide on one step: the step, its application, the answers, the materials and what can be done now.</summary>
internal sealed record StepReviewView(StepView Step, ApplicationDetail Application, IReadOnlyList<ReviewAnswer> Answers, IReadOnlyList<ReviewMaterial> Materials,
    IReadOnlyList<StepAction> Actions);

/// <summary>
/// The department's reading side of a step: the step with its application (a read of the applicant's personal data,
/// written to the audit ledger with its purpose, as the API's application read is) and the application's files.
/// Another department's step, or a file not attached to the step's application, is indistinguishable from a missing one.
/// </summary>
internal sealed class StepReview(GovServicesDbContext db, ApplicationQueries queries, GovCatalogue catalogue, AuditLedger ledger, WorkingCalendar calendar)
{
    /// <summary>What the department can do to a step in its current state.</summary>
    public static IReadOnlyList<StepAction> ActionsFor(StepStatus status, string? outputType) => status switch
    {
        StepStatus.Pending => [StepAction.Accept, StepAction.Refuse, StepAction.RequestSupplement],
        StepStatus.Accepted => [StepAction.Approve, StepAction.Reject, StepAction.RequestSupplement],
        StepStatus.Approved when outputType is not null => [StepAction.Issue],
        _ => [],
    };

    public async Task<StepReviewView?> OpenAsync(CurrentUser user, long stepId, CancellationToken ct)
    {
        var number = await OwnStepsOf(user).Where(s => s.Id == stepId).Select(s => s.Application!.Number).FirstOrDefaultAsync(ct);
        if (number is null || await queries.FindVisibleAsync(user, number, false, ct) is not { } app)
        {
            return null;
        }

        await ledger.AppendAsync(user, new AuditRecord("govservices.application.read", "govservices-application", app.Number, ApplicationService.Purpose,
            Details: string.Create(CultureInfo.InvariantCulture, $"handling the application: step {stepId}"), Subjects: [app.ApplicantPersonId]), ct);
        var detail = await queries.DetailAsync(app, revealAnswers: true, ct);
        var step = app.Steps.First(s => s.Id == stepId);
        var definition = await catalogue.GetVersionAsync(app.BundleCode, app.BundleVersion, ct);
        return new StepReviewView(queries.Step(step, calendar.Today), detail, Answers(detail, definition), await MaterialsAsync(app, step, ct),
            ActionsFor(step.Status, step.OutputType));
    }

    /// <summary>The materials of the application of one of the user's department's steps (names only: no personal data); null for another's step.</summary>
    public async Task<IReadOnlyList<(string Code, string NameZh, string NameEn)>?> MaterialNamesAsync(CurrentUser user, long stepId, CancellationToken ct)
    {
        var applicationId = await OwnStepsOf(user).Where(s => s.Id == stepId).Select(s => (long?)s.ApplicationId).FirstOrDefaultAsync(ct);
        if (applicationId is null)
        {
            return null;
        }

        var rows = await db.Set<ApplicationMaterial>().AsNoTracking().Where(m => m.ApplicationId == applicationId).OrderBy(m => m.Id)
            .Select(m => new { m.MaterialCode, m.NameZh, m.NameEn }).ToListAsync(ct);
        return rows.Select(m => (m.MaterialCode, m.NameZh, m.NameEn)).ToList();
    }

    /// <summary>A file attached to the application of one of the user's department's steps, with its bytes; the read is written to the ledger.</summary>
    public async Task<UploadedFile?> FileAsync(CurrentUser user, long stepId, long fileId, CancellationToken ct)
    {
        var step = await OwnStepsOf(user).Where(s => s.Id == stepId)
            .Select(s => new { s.ApplicationId, s.Application!.Number, s.Application.ApplicantPersonId, s.ServiceCode }).FirstOrDefaultAsync(ct);
        if (step is null)
        {
            return null;
        }

        var file = await db.Set<UploadedFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.ApplicationId == step.ApplicationId, ct);
        if (file is null)
        {
            return null;
        }

        var material = await db.Set<ApplicationMaterial>().AsNoTracking().Where(m => m.ApplicationId == step.ApplicationId && m.FileId == fileId)
            .Select(m => m.MaterialCode).FirstOrDefaultAsync(ct);
        await ledger.AppendAsync(user, new AuditRecord("govservices.file.read", "govservices-file", fileId.ToString(CultureInfo.InvariantCulture), ApplicationService.Purpose,
            Details: string.Create(CultureInfo.InvariantCulture, $"application={step.Number}; step={stepId}; service={step.ServiceCode}; material={material ?? "-"}; sha256={file.Sha256}"),
            Subjects: [step.ApplicantPersonId]), ct);
        return file;
    }

    private IQueryable<ApplicationStep> OwnStepsOf(CurrentUser user)
    {
        var department = user.DepartmentCode ?? "-";
        return db.Set<ApplicationStep>().AsNoTracking().Where(s => s.DepartmentCode == department);
    }

    private static List<ReviewAnswer> Answers(ApplicationDetail detail, BundleDefinition? definition)
    {
        var provenance = detail.Provenance.ValueKind == JsonValueKind.Object ? detail.Provenance : default;
        var fields = definition?.Fields ?? [];
        var known = fields.Where(f => detail.Answers.ContainsKey(f.Key)).Select(f => (f.Key, f.LabelZh, f.LabelEn, Type: f.Type.ToString(), f.Options));
        var unknown = detail.Answers.Keys.Where(k => fields.All(f => f.Key != k)).Select(k => (Key: k, LabelZh: k, LabelEn: k, Type: "Text", Options: (IReadOnlyList<FieldOption>?)null));
        return known.Concat(unknown).Select(f =>
        {
            var value = detail.Answers[f.Key];
            var option = f.Options?.FirstOrDefault(o => o.Value == value);
            string? source = null, reason = null;
            var corrected = false;
            if (provenance.ValueKind == JsonValueKind.Object && provenance.TryGetProperty(f.Key, out var p) && p.ValueKind == JsonValueKind.Object)
            {
                source = p.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                corrected = p.TryGetProperty("corrected", out var c) && c.ValueKind == JsonValueKind.True;
                reason = p.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            }

            return new ReviewAnswer(f.Key, f.LabelZh, f.LabelEn, f.Type, value, option?.LabelZh, option?.LabelEn, source, corrected, reason);
        }).ToList();
    }

    private async Task<List<ReviewMaterial>> MaterialsAsync(Application app, ApplicationStep step, CancellationToken ct)
    {
        var fileIds = app.Materials.Where(m => m.FileId is not null).Select(m => m.FileId!.Value).ToList();
        var files = fileIds.Count == 0 ? [] : await db.Set<UploadedFile>().AsNoTracking().Where(f => fileIds.Contains(f.Id) && f.ApplicationId == app.Id)
            .Select(f => new ReviewFile(f.Id, f.FileName, f.ContentType, f.Size)).ToListAsync(ct);
        var services = (await catalogue.GetAsync(ct)).Services;
        return app.Materials.OrderBy(m => m.Id).Select(m =>
        {
            var needs = m.Services.Split(',', StringSplitOptions.RemoveEmptyEntries);
            string? licence = m.LicenceId, issuingZh = null, issuingEn = null;
            if (m.Disposition == MaterialDisposition.ExemptLicence && licence is null)
            {
                // Exempt because an earlier step of this application issues it: point at that step and, once issued, its licence.
                var type = needs.Select(code => services.GetValueOrDefault(code)?.Materials.FirstOrDefault(d => d.Code == m.MaterialCode)?.ELicenceType)
                    .FirstOrDefault(t => t is not null);
                if (type is not null && app.Steps.FirstOrDefault(s => s.OutputType == type) is { } issuing)
                {
                    (licence, issuingZh, issuingEn) = (issuing.OutputLicenceId, issuing.ServiceNameZh, issuing.ServiceNameEn);
                }
            }

            return new ReviewMaterial(m.MaterialCode, m.NameZh, m.NameEn, m.Disposition, needs, needs.Contains(step.ServiceCode), licence, issuingZh, issuingEn,
                m.Dataset, m.CommittedAt, files.FirstOrDefault(f => f.Id == m.FileId));
        }).ToList();
    }
}
