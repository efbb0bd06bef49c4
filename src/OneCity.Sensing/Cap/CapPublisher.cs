using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OneCity.Platform.Audit;
using OneCity.Platform.Geography;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Cap;

/// <summary>
/// How OneCity signs its warnings: <c>Sensing:Cap:Sender</c> (default <c>onecity@shanghai.gov.cn</c>),
/// <c>Sensing:Cap:SenderNameZh</c>/<c>SenderNameEn</c>, <c>Sensing:Cap:IdentifierPrefix</c> (default <c>OneCity-SH</c>) and
/// <c>Sensing:Cap:BaseUrl</c>, the public address the <c>web</c> element points to (else the request's address; omitted
/// when a warning is issued in-process without either).
/// </summary>
internal sealed record CapOptions(string Sender, string SenderNameZh, string SenderNameEn, string IdentifierPrefix, string? BaseUrl)
{
    public static CapOptions From(IConfiguration configuration) => new(
        configuration["Sensing:Cap:Sender"] is { Length: > 0 } s ? s : "onecity@shanghai.gov.cn",
        configuration["Sensing:Cap:SenderNameZh"] is { Length: > 0 } zh ? zh : "上海市城市运行管理中心",
        configuration["Sensing:Cap:SenderNameEn"] is { Length: > 0 } en ? en : "Shanghai City Operations Centre",
        configuration["Sensing:Cap:IdentifierPrefix"] is { Length: > 0 } p ? p : "OneCity-SH",
        configuration["Sensing:Cap:BaseUrl"] is { Length: > 0 } b ? b.TrimEnd('/') : null);
}

/// <summary>
/// A public warning as OneCity issues it, in Chinese and English. CAP enumerations are matched case-insensitively.
/// On an update every field may be left out to keep its previous value.
/// </summary>
/// <param name="Districts">Area codes the warning covers: 310000 (the whole city), districts (6 digits) or subdistricts (9 digits).</param>
/// <param name="Status">Actual (default) or Exercise; fixed for the life of a warning.</param>
internal sealed record WarningInput(
    string? EventZh = null, string? EventEn = null, string? Category = null,
    string? Severity = null, string? Urgency = null, string? Certainty = null, string? ResponseType = null,
    string? HeadlineZh = null, string? HeadlineEn = null, string? DescriptionZh = null, string? DescriptionEn = null,
    string? InstructionZh = null, string? InstructionEn = null, IReadOnlyList<string>? Districts = null,
    DateTimeOffset? Effective = null, DateTimeOffset? Onset = null, DateTimeOffset? Expires = null, string? Status = null, string? Web = null);

/// <summary>Why a warning is cancelled (optional; CAP <c>note</c> and the infos' description).</summary>
internal sealed record WarningCancelInput(string? ReasonZh = null, string? ReasonEn = null);

/// <summary>What issuing, updating or cancelling gave: the stored message, or why not.</summary>
internal sealed record CapPublishResult(CapAlert? Alert, FieldErrors? Errors = null, string? NotFound = null, string? Forbidden = null, string? Conflict = null);

/// <summary>
/// Issues OneCity's public warnings as CAP 1.2: one message per Alert, Update or Cancel, each with a zh-CN and an en-US
/// <c>info</c>, areas with GB/T 2260 geocodes and polygons from the platform's geography. Every message is validated
/// against the CAP 1.2 schema before it is stored (a bug must not publish invalid CAP) and stored byte for byte as it is
/// served. Callable in-process (emergency-plan activation issues warnings through it with <see cref="CurrentUser.System"/>).
/// </summary>
internal sealed class CapPublisher(SensingDbContext db, AuditLedger ledger, AreaLocator areas, TimeProvider clock, CapOptions options)
{
    public static readonly string[] Categories = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"];
    public static readonly string[] Urgencies = ["Immediate", "Expected", "Future", "Past", "Unknown"];
    public static readonly string[] Severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"];
    public static readonly string[] Certainties = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"];
    public static readonly string[] ResponseTypes = ["Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None"];
    public static readonly string[] Statuses = ["Actual", "Exercise"];
    public const int MaxAreas = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public CapOptions Options => options;

    public Task<CapPublishResult> IssueAsync(CurrentUser actor, WarningInput input, string? requestBaseUrl, CancellationToken ct) =>
        PublishAsync(actor, input, previous: null, cancel: null, requestBaseUrl, ct);

    public async Task<CapPublishResult> UpdateAsync(CurrentUser actor, long id, WarningInput input, string? requestBaseUrl, CancellationToken ct)
    {
        var (latest, problem) = await LatestOfThreadAsync(id, ct);
        if (latest is null)
        {
            return problem!;
        }

        var before = JsonSerializer.Deserialize<WarningInput>(latest.WarningJson!, Json)!;
        if (input.Status is { } status && !string.Equals(status.Trim(), before.Status, StringComparison.OrdinalIgnoreCase))
        {
            var errors = new FieldErrors();
            errors.Add("status", $"stays {before.Status} for the life of a warning");
            return new CapPublishResult(null, errors);
        }

        var merged = new WarningInput(
            input.EventZh ?? before.EventZh, input.EventEn ?? before.EventEn, input.Category ?? before.Category,
            input.Severity ?? before.Severity, input.Urgency ?? before.Urgency, input.Certainty ?? before.Certainty, input.ResponseType ?? before.ResponseType,
            input.HeadlineZh ?? before.HeadlineZh, input.HeadlineEn ?? before.HeadlineEn, input.DescriptionZh ?? before.DescriptionZh, input.DescriptionEn ?? before.DescriptionEn,
            input.InstructionZh ?? before.InstructionZh, input.InstructionEn ?? before.InstructionEn, input.Districts ?? before.Districts,
            input.Effective, input.Onset ?? before.Onset, input.Expires ?? before.Expires, before.Status, input.Web ?? before.Web);
        return await PublishAsync(actor, merged, latest, cancel: null, requestBaseUrl, ct);
    }

    public async Task<CapPublishResult> CancelAsync(CurrentUser actor, long id, WarningCancelInput? input, string? requestBaseUrl, CancellationToken ct)
    {
        var (latest, problem) = await LatestOfThreadAsync(id, ct);
        if (latest is null)
        {
            return problem!;
        }

        var before = JsonSerializer.Deserialize<WarningInput>(latest.WarningJson!, Json)!;
        return await PublishAsync(actor, before with { Effective = null }, latest, input ?? new WarningCancelInput(), requestBaseUrl, ct);
    }

    /// <summary>The thread's current message for the message <paramref name="id"/> (any message of a OneCity warning).</summary>
    private async Task<(CapAlert? Latest, CapPublishResult? Problem)> LatestOfThreadAsync(long id, CancellationToken ct)
    {
        var thread = await db.Set<CapAlert>().AsNoTracking().Where(a => a.Id == id && a.Origin == CapOrigin.Published).Select(a => a.Thread).FirstOrDefaultAsync(ct);
        if (thread is null)
        {
            return (null, new CapPublishResult(null, NotFound: $"No warning issued by OneCity has the alert id {id}."));
        }

        var latest = await db.Set<CapAlert>().AsNoTracking()
            .Where(a => a.Origin == CapOrigin.Published && a.Thread == thread && a.SupersededById == null)
            .OrderByDescending(a => a.Id).FirstAsync(ct);
        if (latest.MsgType == "Cancel")
        {
            return (null, new CapPublishResult(null, Conflict: $"The warning {thread} was cancelled (alert {latest.Id}); issue a new warning instead."));
        }

        return (latest, null);
    }

    private async Task<CapPublishResult> PublishAsync(CurrentUser actor, WarningInput raw, CapAlert? previous, WarningCancelInput? cancel, string? requestBaseUrl, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (input, areaRefs, errors) = Validate(raw, now, cancel is not null);
        if (cancel is not null)
        {
            if (cancel.ReasonZh is { } rz && Text(rz, 500) is { } ez)
            {
                errors.Add("reasonZh", ez);
            }

            if (cancel.ReasonEn is { } re && Text(re, 500) is { } ee)
            {
                errors.Add("reasonEn", ee);
            }
        }

        if (errors.Any)
        {
            return new CapPublishResult(null, errors);
        }

        if (areaRefs.FirstOrDefault(a => !actor.Covers(a.Code)) is { } outside)
        {
            return new CapPublishResult(null, Forbidden: $"{outside.Code} ({outside.Name}) is outside your jurisdiction.");
        }

        var msgType = previous is null ? "Alert" : cancel is null ? "Update" : "Cancel";
        var identifier = string.Create(CultureInfo.InvariantCulture, $"{options.IdentifierPrefix}-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}");
        var thread = previous?.Thread ?? identifier;
        string? references = null;
        if (previous is not null)
        {
            var earlier = await db.Set<CapAlert>().AsNoTracking().Where(a => a.Origin == CapOrigin.Published && a.Thread == thread)
                .OrderBy(a => a.Id).Select(a => new { a.Sender, a.Identifier, a.SentText }).ToListAsync(ct);
            references = string.Join(' ', earlier.Select(e => $"{e.Sender},{e.Identifier},{e.SentText}"));
        }

        var baseUrl = options.BaseUrl ?? requestBaseUrl?.TrimEnd('/');
        var web = input.Web ?? (baseUrl is null ? null : $"{baseUrl}/cap/alerts/{Uri.EscapeDataString(identifier)}.xml");
        var cancelled = cancel is not null;
        var note = cancelled
            ? Join(cancel!.ReasonZh?.Trim(), cancel.ReasonEn?.Trim()) ?? "预警解除 / The warning is cancelled."
            : null;
        var outgoing = new OutgoingAlert(identifier, options.Sender, now, input.Status!, msgType, $"OneCity {options.SenderNameEn}", note, references,
        [
            Info("zh-CN", input, areaRefs, now, web, options.SenderNameZh, cancelled, cancel?.ReasonZh, zh: true),
            Info("en-US", input, areaRefs, now, web, options.SenderNameEn, cancelled, cancel?.ReasonEn, zh: false),
        ]);

        var bytes = CapWriter.Write(outgoing);
        var check = CapSchema.Check(bytes);
        if (!check.Valid)
        {
            throw new InvalidOperationException("OneCity produced a CAP message the CAP 1.2 schema rejects; nothing was published: "
                + string.Join("; ", check.Errors!.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        var (alert, readErrors) = CapReader.Read(check.Document!, check.Version!, bytes, CapOrigin.Published, actor.UserName, now);
        if (readErrors is not null)
        {
            throw new InvalidOperationException("OneCity produced a CAP message it cannot read back: "
                + string.Join("; ", readErrors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        alert!.Thread = thread;
        alert.WarningJson = JsonSerializer.Serialize(input, Json);

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Add(alert);
            await db.SaveChangesAsync(ct);
            if (previous is not null)
            {
                var newId = alert.Id;
                var superseded = await db.Set<CapAlert>().Where(a => a.Id == previous.Id && a.SupersededById == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.SupersededById, newId), ct);
                if (superseded == 0)
                {
                    await tx.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return new CapPublishResult(null, Conflict: $"The warning {thread} changed meanwhile; look at its latest message and try again.");
                }
            }

            await tx.CommitAsync(ct);
        }

        var action = msgType switch { "Alert" => "sensing.cap-warning-issued", "Update" => "sensing.cap-warning-updated", _ => "sensing.cap-warning-cancelled" };
        await ledger.AppendAsync(actor, new AuditRecord(action, "cap-alert", alert.Id.ToString(CultureInfo.InvariantCulture), Purpose: "public-warning",
            Details: $"{msgType} {alert.Status} {alert.Identifier} {input.Severity} {input.EventEn}; areas {string.Join(",", areaRefs.Select(a => a.Code))}"
                + (references is null ? "" : "; references " + references)), ct);
        return new CapPublishResult(alert);
    }

    private static string? Join(string? zh, string? en) =>
        (string.IsNullOrEmpty(zh), string.IsNullOrEmpty(en)) switch
        {
            (false, false) => $"{zh} / {en}",
            (false, true) => zh,
            (true, false) => en,
            _ => null,
        };

    private OutgoingInfo Info(string language, WarningInput w, IReadOnlyList<AreaRef> areaRefs, DateTimeOffset now, string? web, string senderName, bool cancelled, string? reason, bool zh)
    {
        var headline = zh ? w.HeadlineZh! : w.HeadlineEn!;
        var description = zh ? w.DescriptionZh! : w.DescriptionEn!;
        string? instruction = zh ? w.InstructionZh : w.InstructionEn;
        if (cancelled)
        {
            headline = zh ? "【解除】" + headline : "Cancelled: " + headline;
            description = reason?.Trim() is { Length: > 0 } r ? r : zh ? "该预警已解除。" : "This warning has been cancelled.";
            instruction = null;
        }

        var outgoingAreas = areaRefs.Select(a => new OutgoingArea(
            zh ? a.Name : a.NameEn ?? a.Name,
            a.Synthetic ? [] : CapPolygons.From(areas.Boundary(a.Code)),
            [(a.Level == AreaLevel.Subdistrict ? "GB/T 10114" : "GB/T 2260", a.Code)])).ToList();
        return new OutgoingInfo(language, w.Category!, zh ? w.EventZh! : w.EventEn!, cancelled ? "AllClear" : w.ResponseType,
            cancelled ? "Past" : w.Urgency!, w.Severity!, w.Certainty!, cancelled ? now : w.Effective ?? now, cancelled ? null : w.Onset,
            cancelled ? null : w.Expires, senderName, headline, description, instruction, web, outgoingAreas);
    }

    /// <summary>Checks and normalises a warning: CAP enumerations to their canonical spelling, defaults filled in, areas resolved.</summary>
    private (WarningInput Input, IReadOnlyList<AreaRef> Areas, FieldErrors Errors) Validate(WarningInput w, DateTimeOffset now, bool cancelling)
    {
        var errors = new FieldErrors();

        string? Required(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"required, at most {max} characters"));
                return null;
            }

            return Optional(field, value, max);
        }

        string? Optional(string field, string? value, int max)
        {
            if (value is null)
            {
                return null;
            }

            if (Text(value, max) is { } problem)
            {
                errors.Add(field, problem);
                return null;
            }

            return value.Trim() is { Length: > 0 } v ? v : null;
        }

        string? OneOf(string field, string? value, string[] allowed, string? fallback)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (fallback is null)
                {
                    errors.Add(field, "required: one of " + string.Join(", ", allowed));
                }

                return fallback;
            }

            var match = allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                errors.Add(field, "one of " + string.Join(", ", allowed));
            }

            return match;
        }

        var areaRefs = new List<AreaRef>();
        var codes = (w.Districts ?? []).Select(c => c?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0 || codes.Count > MaxAreas)
        {
            errors.Add("districts", string.Create(CultureInfo.InvariantCulture, $"1 to {MaxAreas} area codes: 310000 (the whole city), districts (310101) or subdistricts (310101002)"));
        }
        else
        {
            foreach (var code in codes)
            {
                if (areas.Find(code) is { Level: AreaLevel.City or AreaLevel.District or AreaLevel.Subdistrict } a)
                {
                    areaRefs.Add(a);
                }
                else
                {
                    errors.Add("districts", $"{code} is not a known city, district or subdistrict code");
                }
            }
        }

        var effective = w.Effective;
        var expires = w.Expires;
        if (!cancelling)
        {
            if (expires is null)
            {
                errors.Add("expires", "required: when the warning ends (ISO 8601 with an offset, later than now)");
            }
            else if (expires <= now)
            {
                errors.Add("expires", "later than now");
            }
            else if (effective is { } e && expires <= e)
            {
                errors.Add("expires", "later than effective");
            }

            if (w.Onset is { } onset && expires is { } x && onset >= x)
            {
                errors.Add("onset", "earlier than expires");
            }
        }

        string? web = null;
        if (Optional("web", w.Web, 500) is { } webText)
        {
            if (Uri.TryCreate(webText, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                web = uri.AbsoluteUri;
            }
            else
            {
                errors.Add("web", "an absolute http(s) address");
            }
        }

        var input = new WarningInput(
            Required("eventZh", w.EventZh, 100), Required("eventEn", w.EventEn, 100), OneOf("category", w.Category, Categories, "Other"),
            OneOf("severity", w.Severity, Severities, null), OneOf("urgency", w.Urgency, Urgencies, null), OneOf("certainty", w.Certainty, Certainties, null),
            w.ResponseType is null ? null : OneOf("responseType", w.ResponseType, ResponseTypes, null),
            Required("headlineZh", w.HeadlineZh, 160), Required("headlineEn", w.HeadlineEn, 160),
            Required("descriptionZh", w.DescriptionZh, 4000), Required("descriptionEn", w.DescriptionEn, 4000),
            Optional("instructionZh", w.InstructionZh, 2000), Optional("instructionEn", w.InstructionEn, 2000),
            areaRefs.Select(a => a.Code).ToList(), effective, w.Onset, expires, OneOf("status", w.Status, Statuses, "Actual"), web);
        return (input, areaRefs, errors);
    }

    /// <summary>Null when the text is fine; else the rule it breaks (length, or a character XML cannot carry).</summary>
    private static string? Text(string value, int max)
    {
        if (value.Trim().Length > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"at most {max} characters");
        }

        try
        {
            XmlConvert.VerifyXmlChars(value);
            return null;
        }
        catch (XmlException)
        {
            return "only characters XML can carry (no control characters)";
        }
    }
}
