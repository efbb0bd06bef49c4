using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Contracts;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Hosting;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;

namespace OneCity.GovServices.Applications;

internal sealed record OnBehalfInput(string? IdNumber, string? IdentityCheck);

internal sealed record SubmitInput(
    string? BundleCode,
    Dictionary<string, JsonElement>? Answers,
    Dictionary<string, string>? Corrections,
    Dictionary<string, long>? Uploads,
    List<string>? Commitments,
    string? EntityCreditCode,
    OnBehalfInput? OnBehalfOf);

internal sealed record PreviewInput(Dictionary<string, JsonElement>? Answers, string? EntityCreditCode, OnBehalfInput? OnBehalfOf);

/// <summary>A pre-filled form field: its value from the registry and where it came from.</summary>
internal sealed record PrefilledField(string Key, string LabelZh, string LabelEn, string Type, bool Required, bool Visible, object? Value, string? Source,
    IReadOnlyList<FieldOption>? Options, IReadOnlyList<string> Services, string? HelpZh, string? HelpEn);

internal sealed record MaterialView(string Code, string NameZh, string NameEn, string Source, string Disposition, string? LicenceId, string? Dataset,
    IReadOnlyList<string> Services, string? CommitmentZh, string? CommitmentEn);

internal sealed record PlannedStepView(string StepId, string ServiceCode, string ServiceNameZh, string ServiceNameEn, string DepartmentCode,
    IReadOnlyList<string> DependsOn, DateOnly Start, DateOnly Due, int PromisedDays, string? ReasonZh, string? ReasonEn);

internal sealed record ExcludedStepView(string StepId, string ServiceCode, string ServiceNameZh, string ServiceNameEn, string? ReasonZh, string? ReasonEn);

/// <summary>The applicant's view before submitting: eligibility, the pre-filled form, materials, steps and promised date.</summary>
internal sealed record PreviewView(string BundleCode, int BundleVersion, string ApplicantPersonId, bool Eligible, IReadOnlyList<EligibilityResult> Eligibility,
    IReadOnlyList<PrefilledField> Fields, IReadOnlyList<MaterialView> Materials, IReadOnlyList<PlannedStepView> Steps, IReadOnlyList<ExcludedStepView> Excluded,
    DateOnly PromisedBy, int CriticalPathWorkdays);

internal sealed record ReceiptView(string Number, string BundleCode, int BundleVersion, DateTimeOffset SubmittedAt, DateOnly PromisedBy, string Status,
    IReadOnlyList<PlannedStepView> Steps);

/// <summary>What went wrong with a request, as a ProblemDetails answer.</summary>
internal sealed record Refusal(int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>
/// Applying: preview (eligibility, pre-fill, materials, plan) and submission (validated, pre-filled, fanned out to
/// department steps, persisted in one transaction, then written to the audit ledger and the applicant notified).
/// </summary>
internal sealed class ApplicationService(
    GovServicesDbContext db, GovCatalogue catalogue, RegistryFacts registry, DataHubClient dataHub, WorkingCalendar calendar,
    PersonalDataProtector protector, AuditLedger ledger, Notifier notifier, UserManager<PlatformUser> users, SubmissionWriter writer, TimeProvider clock)
{
    public const string Purpose = "govservices-application";

    public async Task<(PreviewView? View, Refusal? Refusal)> PreviewAsync(CurrentUser user, string code, PreviewInput input, CancellationToken ct)
    {
        var snapshot = await catalogue.GetAsync(ct);
        if (!snapshot.Bundles.TryGetValue(code, out var bundle))
        {
            return (null, new Refusal(404, "Not found", $"No published bundle {code}."));
        }

        var (personId, refusal) = await ResolveApplicantAsync(user, input.OnBehalfOf, ct);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var record = await ReadRegistryAsync(personId!, input.EntityCreditCode, ct);
        if (record.Refusal is not null)
        {
            return (null, record.Refusal);
        }

        var errors = new FieldErrors();
        var answers = Assessor.ParseAnswers(bundle.Definition, input.Answers, errors);
        var prefilled = Prefill(bundle.Definition, record.Record!);
        foreach (var (k, v) in prefilled)
        {
            if (answers.GetValueOrDefault(k) is null)
            {
                answers[k] = v.Value;
            }
        }

        var a = Assessor.Assess(bundle.Definition, snapshot, record.Record!, answers, calendar.Today, calendar);
        var district = DistrictOf(record.Record!);
        var fields = bundle.Definition.Fields.Select(f => new PrefilledField(f.Key, f.LabelZh, f.LabelEn, f.Type.ToString(), f.Required, a.VisibleFields.Contains(f.Key),
            Display(answers.GetValueOrDefault(f.Key)), prefilled.TryGetValue(f.Key, out var p) ? p.Source : null, f.Options, f.Services, f.HelpZh, f.HelpEn)).ToList();
        return (new PreviewView(code, bundle.Version, personId!, a.Eligible, a.Eligibility, fields, Materials(a), Steps(a.Plan, bundle.Definition, district),
            Excluded(a, snapshot), a.Plan.PromisedBy, a.Plan.CriticalPathWorkdays), null);
    }

    public async Task<(ReceiptView? Receipt, Refusal? Refusal)> SubmitAsync(CurrentUser user, SubmitInput input, string? idempotencyKey, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (idempotencyKey is { Length: > 100 })
        {
            return (null, Invalid("Idempotency-Key", "at most 100 characters"));
        }

        var snapshot = await catalogue.GetAsync(ct);
        if (string.IsNullOrWhiteSpace(input.BundleCode))
        {
            return (null, Invalid("bundleCode", "required"));
        }

        if (!snapshot.Bundles.TryGetValue(input.BundleCode, out var bundle))
        {
            return (null, Invalid("bundleCode", "no published bundle with this code"));
        }

        var def = bundle.Definition;
        if (def.Applicant == ApplicantKind.Company && string.IsNullOrWhiteSpace(input.EntityCreditCode))
        {
            return (null, Invalid("entityCreditCode", "required: this bundle is applied for by a company"));
        }

        var hash = RequestHash(input);
        if (idempotencyKey is not null)
        {
            if (await SubmissionWriter.ByKeyAsync(db, user.UserId, idempotencyKey, ct) is { } existing)
            {
                return (null, Duplicate(existing.Number, existing.RequestHash == hash));
            }
        }

        var (personId, refusal) = await ResolveApplicantAsync(user, input.OnBehalfOf, ct);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var answers = Assessor.ParseAnswers(def, input.Answers, errors);
        var record = await ReadRegistryAsync(personId!, def.Applicant == ApplicantKind.Company ? input.EntityCreditCode : null, ct);
        if (record.Refusal is not null)
        {
            return (null, record.Refusal);
        }

        // Pre-filled fields: an answer that differs from the registry is a correction and needs a reason.
        var prefilled = Prefill(def, record.Record!);
        var provenance = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, p) in prefilled)
        {
            var given = answers.GetValueOrDefault(key);
            if (given is null)
            {
                answers[key] = p.Value;
                provenance[key] = new { source = p.Source, corrected = false };
                continue;
            }

            if (Equals(Display(given), Display(p.Value)))
            {
                provenance[key] = new { source = p.Source, corrected = false };
                continue;
            }

            var reason = input.Corrections?.GetValueOrDefault(key)?.Trim();
            if (Assessor.CorrectionRule(reason) is { } rule)
            {
                errors.Add("corrections." + key, rule);
            }
            else
            {
                provenance[key] = new { source = p.Source, corrected = true, reason };
            }
        }

        var a = Assessor.Assess(def, snapshot, record.Record!, answers, calendar.Today, calendar);
        if (!a.Eligible)
        {
            var why = string.Join("；", a.Eligibility.Where(e => !e.Passed).Select(e => e.ExplanationZh));
            return (null, new Refusal(422, "Not eligible", why, a.Eligibility.Where(e => !e.Passed).ToDictionary(e => "eligibility." + e.Code, e => new[] { e.ExplanationEn })));
        }

        Assessor.RequireVisible(def, a, errors);
        if (a.Plan.Steps.Count == 0)
        {
            errors.Add("answers", "no service of this bundle applies to these answers");
        }

        // Materials: commitments must be signed, uploads must be the applicant's own unattached files.
        var commitments = (input.Commitments ?? []).ToHashSet(StringComparer.Ordinal);
        var uploads = input.Uploads ?? [];
        var fileIds = uploads.Values.Distinct().ToList();
        var files = fileIds.Count == 0 ? [] : await db.Set<UploadedFile>().Where(f => fileIds.Contains(f.Id)).Select(f => new { f.Id, f.OwnerUserId, f.ApplicationId }).ToListAsync(ct);
        foreach (var m in a.Materials)
        {
            switch (m.Disposition)
            {
                case MaterialDisposition.Commitment when !commitments.Contains(m.Material.Code):
                    errors.Add("commitments." + m.Material.Code, "sign this commitment");
                    break;
                case MaterialDisposition.Uploaded when !uploads.TryGetValue(m.Material.Code, out _):
                    if (m.Material.Required)
                    {
                        errors.Add("uploads." + m.Material.Code, "required: upload a PDF, JPEG or PNG file");
                    }

                    break;
                case MaterialDisposition.Uploaded:
                    var f = files.FirstOrDefault(x => x.Id == uploads[m.Material.Code]);
                    if (f is null || f.OwnerUserId != user.UserId)
                    {
                        errors.Add("uploads." + m.Material.Code, "unknown file: upload it first");
                    }
                    else if (f.ApplicationId is not null)
                    {
                        errors.Add("uploads." + m.Material.Code, "this file belongs to another application");
                    }

                    break;
            }
        }

        foreach (var key in uploads.Keys.Where(k => a.Materials.All(m => m.Material.Code != k || m.Disposition != MaterialDisposition.Uploaded)))
        {
            errors.Add("uploads." + key, "this material is not to be uploaded");
        }

        if (errors.Any)
        {
            // A repeat of a submission stored meanwhile finds its files attached: the key answers, not the files.
            if (idempotencyKey is not null && await SubmissionWriter.ByKeyAsync(db, user.UserId, idempotencyKey, ct) is { } stored)
            {
                return (null, Duplicate(stored.Number, stored.RequestHash == hash));
            }

            return (null, new Refusal(400, "Invalid application", "See errors.", errors.ToDictionary()));
        }

        var now = clock.GetUtcNow();
        var today = calendar.Today;
        var district = DistrictOf(record.Record!);
        var applicantUserId = input.OnBehalfOf is null ? user.UserId : await OwnerOfAsync(personId!, ct);
        var answersCipher = protector.Protect(JsonSerializer.Serialize(answers.ToDictionary(x => x.Key, x => Display(x.Value))));
        var provenanceJson = JsonSerializer.Serialize(provenance);
        var channel = input.OnBehalfOf is null ? "online" : "counter";
        // The materials the applicant uploads, with the file each attaches.
        var uploaded = a.Materials.Where(m => m.Disposition == MaterialDisposition.Uploaded && uploads.ContainsKey(m.Material.Code))
            .ToDictionary(m => m.Material.Code, m => uploads[m.Material.Code]);
        Application Build()
        {
            var application = new Application
            {
                Number = "TMP-" + Guid.NewGuid().ToString("N")[..16],
                BundleCode = def.Code, BundleVersion = bundle.Version, BundleNameZh = def.NameZh, BundleNameEn = def.NameEn,
                ApplicantKind = def.Applicant, ApplicantPersonId = personId!, EntityCreditCode = def.Applicant == ApplicantKind.Company ? input.EntityCreditCode : null,
                ApplicantUserId = applicantUserId,
                SubmittedByUserId = user.UserId,
                AgentUserName = input.OnBehalfOf is null ? null : user.UserName,
                IdentityCheck = input.OnBehalfOf?.IdentityCheck,
                Channel = channel,
                DistrictCode = district,
                AnswersCipher = answersCipher,
                ProvenanceJson = provenanceJson,
                IdempotencyKey = idempotencyKey, RequestHash = hash,
                SubmittedAt = now, SubmittedOn = today, PromisedBy = a.Plan.PromisedBy, Status = ApplicationStatus.InProgress, UpdatedAt = now,
            };

            foreach (var p in a.Plan.Steps)
            {
                var ready = p.DependsOn.Count == 0;
                application.Steps.Add(new ApplicationStep
                {
                    StepKey = p.Step.Id, ServiceCode = p.Service.Code, ServiceNameZh = p.Service.NameZh, ServiceNameEn = p.Service.NameEn,
                    DepartmentCode = DepartmentOf(p.Service, district), DependsOn = string.Join(',', p.DependsOn),
                    Status = ready ? StepStatus.Pending : StepStatus.Blocked, PromisedDays = p.Service.PromisedDays,
                    StartedOn = ready ? today : null, DueOn = ready ? p.Due : null, OutputType = p.Service.Output, UpdatedAt = now,
                });
            }

            foreach (var m in a.Materials)
            {
                application.Materials.Add(new ApplicationMaterial
                {
                    MaterialCode = m.Material.Code, NameZh = m.Material.NameZh, NameEn = m.Material.NameEn, Services = string.Join(',', m.Services),
                    Disposition = m.Disposition, LicenceId = m.LicenceId, Dataset = m.Material.Dataset,
                    FileId = uploaded.TryGetValue(m.Material.Code, out var fid) ? fid : null,
                    CommittedAt = m.Disposition == MaterialDisposition.Commitment ? now : null,
                });
            }

            return application;
        }

        var details = $"bundle={def.Code} v{bundle.Version}; steps={a.Plan.Steps.Count}; channel={channel}" +
            (input.OnBehalfOf?.IdentityCheck is null ? "" : $"; identity-check={input.OnBehalfOf.IdentityCheck}");
        var outcome = await writer.WriteAsync(new SubmissionWork(Build, user.UserId, idempotencyKey, user.UserName, uploaded.Values.Distinct().ToList(), details,
            saved => SubmittedMessage(saved, def)), ct);
        if (outcome.Duplicate is { } duplicate)
        {
            return (null, Duplicate(duplicate.Number, duplicate.RequestHash == hash));
        }

        if (outcome.Saved is not { } application)
        {
            return (null, new Refusal(400, "Invalid application", "See errors.",
                uploaded.Keys.ToDictionary(code => "uploads." + code, _ => new[] { "this file was attached to another application meanwhile: upload it again" })));
        }

        await ledger.AppendAsync(user, new AuditRecord("govservices.application.submit", "govservices-application", application.Number, Purpose,
            "《优化营商环境条例》第三十五条（一网通办）", $"bundle={def.Code}; version={bundle.Version}; steps={application.Steps.Count}; channel={application.Channel}",
            [personId!]), CancellationToken.None);
        return (Receipt(application), null);
    }

    public static ReceiptView Receipt(Application a) => new(a.Number, a.BundleCode, a.BundleVersion, a.SubmittedAt, a.PromisedBy, a.Status.ToString(),
        a.Steps.Select(s => new PlannedStepView(s.StepKey, s.ServiceCode, s.ServiceNameZh, s.ServiceNameEn, s.DepartmentCode,
            s.DependsOn.Split(',', StringSplitOptions.RemoveEmptyEntries), s.StartedOn ?? a.SubmittedOn, s.DueOn ?? a.PromisedBy, s.PromisedDays, null, null)).ToList());

    /// <summary>The applicant's "submitted" message (when the application has an owning account).</summary>
    private static Notification? SubmittedMessage(Application a, BundleDefinition def) => a.ApplicantUserId is not { } userId
        ? null
        : new Notification(Channel.InApp, "申请已提交 Application submitted",
            $"{def.NameZh}（{a.Number}）已提交，承诺办结日期 {a.PromisedBy:yyyy-MM-dd}。 Promised by {a.PromisedBy:yyyy-MM-dd}.", userId, Link: Link(a));

    private static string Link(Application a) => $"/Portal/Applications/Detail?number={a.Number}";

    /// <summary>Sends a message to the applicant's inbox (when the application has an owning account).</summary>
    public async Task NotifyApplicantAsync(Application a, string subject, string body, CancellationToken ct)
    {
        var userId = a.ApplicantUserId;
        if (userId is null)
        {
            return;
        }

        await notifier.EnqueueAsync(new Notification(Channel.InApp, subject, body, userId, Link: Link(a)), ct);
    }

    /// <summary>Applications submitted by a clerk belong to the citizen's account when they have one.</summary>
    private Task<string?> OwnerOfAsync(string personId, CancellationToken ct) =>
        users.Users.Where(u => u.PersonId == personId).Select(u => u.Id).FirstOrDefaultAsync(ct);

    private async Task<(string? PersonId, Refusal? Refusal)> ResolveApplicantAsync(CurrentUser user, OnBehalfInput? onBehalf, CancellationToken ct)
    {
        if (onBehalf is null)
        {
            return user.PersonId is null
                ? (null, new Refusal(403, "Forbidden", "Only a citizen or a company representative applies for themselves; a counter clerk sends onBehalfOf."))
                : (user.PersonId, null);
        }

        if (!user.IsInRole(Roles.CounterClerk))
        {
            return (null, new Refusal(403, "Forbidden", "Only counter clerks apply on someone's behalf (帮办)."));
        }

        var errors = new FieldErrors();
        if (onBehalf.IdNumber is null || !ResidentIdNumber.IsValid(onBehalf.IdNumber))
        {
            errors.Add("onBehalfOf.idNumber", "a valid resident identity number (GB 11643)");
        }

        if (onBehalf.IdentityCheck is not ("id-card-reader" or "face-recognition" or "document-inspection"))
        {
            errors.Add("onBehalfOf.identityCheck", "one of id-card-reader, face-recognition, document-inspection");
        }

        if (errors.Any)
        {
            return (null, new Refusal(400, "Invalid request", "See errors.", errors.ToDictionary()));
        }

        try
        {
            var rows = await dataHub.QueryAsync(DataHubClients.GovServices, RegistryFacts.Population,
                new Dictionary<string, string> { ["idNumber"] = ResidentIdNumber.Normalise(onBehalf.IdNumber!) }, RegistryFacts.Purpose, 1, ct: ct);
            return rows.Count == 0 || rows[0].GetValueOrDefault("personId") is not { } id
                ? (null, new Refusal(404, "Not found", "No resident with this identity number in the population registry."))
                : (Convert.ToString(id, CultureInfo.InvariantCulture), null);
        }
        catch (DataHubAccessDeniedException e)
        {
            return (null, new Refusal(e.Status, e.Title, e.Detail));
        }
    }

    private async Task<(ApplicantRecord? Record, Refusal? Refusal)> ReadRegistryAsync(string personId, string? creditCode, CancellationToken ct)
    {
        try
        {
            var record = await registry.GetAsync(personId, creditCode, ct);
            if (record is null)
            {
                return (null, new Refusal(404, "Not found", "The applicant is not in the population registry."));
            }

            if (creditCode is not null && record.Entity is null)
            {
                return (null, new Refusal(400, "Invalid application", "See errors.", new Dictionary<string, string[]> { ["entityCreditCode"] = ["no such legal entity"] }));
            }

            return (record, null);
        }
        catch (DataHubAccessDeniedException e)
        {
            return (null, new Refusal(e.Status == 429 ? 429 : 503, e.Title, "The registries could not be read through DataHub: " + e.Detail));
        }
    }

    private static Dictionary<string, (object? Value, string Source)> Prefill(BundleDefinition def, ApplicantRecord record)
    {
        var result = new Dictionary<string, (object?, string)>(StringComparer.Ordinal);
        foreach (var f in def.Fields)
        {
            if (f.Prefill is not { } p)
            {
                continue;
            }

            var source = p.Subject == "entity" ? record.Entity : record.Person;
            if (source?.GetValueOrDefault(p.Field) is { } v && Convert.ToString(v, CultureInfo.InvariantCulture) is { Length: > 0 } text && !text.Contains('*', StringComparison.Ordinal))
            {
                result[f.Key] = (f.Type == FieldType.Date && DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var d) ? d : text, $"{p.Dataset}.{p.Field}");
            }
        }

        return result;
    }

    public static string DistrictOf(ApplicantRecord record)
    {
        foreach (var key in new[] { "residenceAreaCode", "hukouDistrictCode" })
        {
            if (record.Person.GetValueOrDefault(key) is { } v && Convert.ToString(v, CultureInfo.InvariantCulture) is { Length: >= 6 } code && code.StartsWith("31", StringComparison.Ordinal))
            {
                return code[..6];
            }
        }

        return AreaCodes.City;
    }

    public static string DepartmentOf(ServiceDefinition s, string district) =>
        s.Level == HandlingLevel.District && district != AreaCodes.City ? $"{district}-{s.DepartmentLine}" : $"SH-{s.DepartmentLine}";

    /// <summary>An answer as it is stored and compared: invariant culture, dates as yyyy-MM-dd, booleans as true/false.</summary>
    internal static string? Display(object? v) => v switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    private static IReadOnlyList<MaterialView> Materials(Assessment a) => a.Materials.Select(m => new MaterialView(m.Material.Code, m.Material.NameZh, m.Material.NameEn,
        m.Material.Source.ToString(), m.Disposition.ToString(), m.LicenceId, m.Material.Dataset, m.Services, m.Material.CommitmentZh, m.Material.CommitmentEn)).ToList();

    private static IReadOnlyList<PlannedStepView> Steps(BundlePlan plan, BundleDefinition def, string district) => plan.Steps.Select(p => new PlannedStepView(
        p.Step.Id, p.Service.Code, p.Service.NameZh, p.Service.NameEn, DepartmentOf(p.Service, district), p.DependsOn, p.Start, p.Due, p.Service.PromisedDays,
        p.Step.IncludeReasonZh, p.Step.IncludeReasonEn)).ToList();

    private static IReadOnlyList<ExcludedStepView> Excluded(Assessment a, CatalogueSnapshot snapshot) => a.Steps.Where(s => !s.Included).Select(s =>
        new ExcludedStepView(s.StepId, s.ServiceCode, snapshot.Services[s.ServiceCode].NameZh, snapshot.Services[s.ServiceCode].NameEn, s.ReasonZh, s.ReasonEn)).ToList();

    private static Refusal Invalid(string field, string rule) =>
        new(400, "Invalid application", "See errors.", new Dictionary<string, string[]> { [field] = [rule] });

    /// <summary>
    /// A reused Idempotency-Key: the same request again is a duplicate (409, naming the application it created); a
    /// different request under the same key is a client error (422), never silently answered with the first one.
    /// </summary>
    private static Refusal Duplicate(string number, bool sameRequest) => sameRequest
        ? new(409, "Duplicate submission", $"This Idempotency-Key was already used for application {number}.",
            new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"already used for {number}"] })
        : new(422, "Idempotency-Key reused", $"This Idempotency-Key was already used for application {number} with a different request; use a new key for a new application.",
            new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"already used for {number} with a different request"] });

    private static string RequestHash(SubmitInput input) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(input))));
}
