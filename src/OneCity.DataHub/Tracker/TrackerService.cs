using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Data;
using OneCity.DataHub.Sharing;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Data;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.DataHub.Tracker;

/// <summary>One access to a citizen's data, as the citizen sees it.</summary>
internal sealed record AccessView(
    long Seq, DateTimeOffset Time, string? DepartmentCode, string DepartmentZh, string DepartmentEn, string Role,
    string Action, string? Purpose, string? LegalBasis, string? Details, long? ObjectionId, string? ObjectionStatus);

internal sealed record AccessPage(IReadOnlyList<AccessView> Items, long Total, int Page, int PageSize);

internal sealed record ObjectionView(
    long Id, string PersonId, long AuditSeq, string AccessAction, string? AccessDepartment, string? AccessPurpose, DateTimeOffset AccessTime,
    string Reason, DateTimeOffset RaisedAt, DateOnly? DueOn, bool Overdue, string Status, string? Response, string? HandledBy, DateTimeOffset? HandledAt);

/// <summary>A use of the citizen's data that needs their consent (an active consent-based grant), and whether they gave it.</summary>
internal sealed record ConsentUseView(string DepartmentCode, string DepartmentZh, string DepartmentEn, string Purpose, string WhatFor,
    string DatasetTitleZh, string DatasetTitleEn, IReadOnlyList<string> Fields, DateTimeOffset ValidTo, long? ConsentId);

internal sealed record ConsentView(long Id, string GranteeDepartmentCode, string DepartmentZh, string DepartmentEn, string Purpose, DateTimeOffset GivenAt, DateTimeOffset? WithdrawnAt);

internal enum TrackerOutcome
{
    Ok,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>
/// The citizen's side of data protection: the tracker (every recorded access to their data, from the audit ledger's
/// subject index), objections with a working-day deadline for the data stewards, and consents.
/// </summary>
internal sealed class TrackerService(
    DataHubDbContext db, PlatformDbContext platform, OrganisationDirectory directory, AuditLedger ledger, WorkingCalendar calendar, Notifier notifier, TimeProvider clock)
{
    public const int ResponseWorkdays = 15;

    /// <summary>Accesses to the person's data by anyone but themselves, newest first.</summary>
    public async Task<AccessPage> AccessesAsync(CurrentUser citizen, int page, int pageSize, CancellationToken ct)
    {
        var personId = citizen.PersonId!;
        // The citizen's own accesses (self-service views) are recorded too, but not shown as accesses by others.
        var result = await ledger.SearchAsync(new AuditSearch(Subject: personId, Page: page, PageSize: pageSize, ExcludeActor: citizen.UserName), ct);
        var items = result.Items;
        var departments = await directory.DepartmentNamesAsync(items.Select(i => i.Department).OfType<string>(), ct);
        var seqs = items.Select(i => i.Seq).ToList();
        var objections = await db.Set<Objection>().AsNoTracking().Where(o => o.PersonId == personId && seqs.Contains(o.AuditSeq))
            .Select(o => new { o.AuditSeq, o.Id, o.Status }).ToListAsync(ct);
        var byseq = objections.ToDictionary(o => o.AuditSeq);
        var views = items.Select(e =>
        {
            var (zh, en) = e.Department is null ? ("—", "—") : (departments[e.Department].Zh, departments[e.Department].En);
            byseq.TryGetValue(e.Seq, out var o);
            return new AccessView(e.Seq, e.Time, e.Department, zh, en, e.Role, e.Action, e.Purpose, e.LegalBasis, e.Details, o?.Id, o?.Status.ToString());
        }).ToList();
        return new AccessPage(views, result.Total, result.Page, result.PageSize);
    }

    public async Task<(TrackerOutcome Outcome, ObjectionView? Objection, string? Message)> RaiseAsync(CurrentUser citizen, long auditSeq, string reason, CancellationToken ct)
    {
        var personId = citizen.PersonId!;
        var entry = await FindEntryAsync(personId, auditSeq, ct);
        if (entry is null || entry.Actor == citizen.UserName)
        {
            return (TrackerOutcome.NotFound, null, $"No access {auditSeq} to your data is recorded.");
        }

        if (await db.Set<Objection>().AnyAsync(o => o.PersonId == personId && o.AuditSeq == auditSeq, ct))
        {
            return (TrackerOutcome.Conflict, null, $"You have already objected to access {auditSeq}.");
        }

        DateOnly? due;
        try
        {
            due = calendar.AddWorkdaysFromToday(ResponseWorkdays);
        }
        catch (CalendarYearMissingException)
        {
            // The deadline is set by the calendar only; without next year's data it stays open and the queue says so.
            due = null;
        }

        var objection = new Objection
        {
            PersonId = personId, UserId = citizen.UserId, AuditSeq = auditSeq, AccessAction = entry.Action,
            AccessDepartment = entry.Department, AccessPurpose = entry.Purpose, AccessTime = entry.Time,
            Reason = reason, RaisedAt = clock.GetUtcNow(), DueOn = due, Status = ObjectionStatus.Open,
        };
        db.Set<Objection>().Add(objection);
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(citizen, new AuditRecord("datahub.objection.raised", "objection", objection.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Details: $"access {auditSeq}", Subjects: [personId]), ct);
        return (TrackerOutcome.Ok, View(objection), null);
    }

    public async Task<IReadOnlyList<ObjectionView>> OwnObjectionsAsync(CurrentUser citizen, CancellationToken ct)
    {
        var rows = await db.Set<Objection>().AsNoTracking().Where(o => o.PersonId == citizen.PersonId)
            .OrderByDescending(o => o.Id).Take(200).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    /// <summary>The stewards' queue: open first, oldest deadline first.</summary>
    public async Task<IReadOnlyList<ObjectionView>> QueueAsync(ObjectionStatus? status, bool overdueOnly, CancellationToken ct)
    {
        var q = db.Set<Objection>().AsNoTracking();
        if (status is { } s)
        {
            q = q.Where(o => o.Status == s);
        }

        if (overdueOnly)
        {
            var today = Today();
            q = q.Where(o => o.Status == ObjectionStatus.Open && o.DueOn != null && o.DueOn < today);
        }

        var rows = await q.OrderBy(o => o.Status).ThenBy(o => o.DueOn).ThenBy(o => o.Id).Take(500).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<(TrackerOutcome Outcome, ObjectionView? Objection, string? Message)> ResolveAsync(CurrentUser steward, long id, bool upheld, string response, CancellationToken ct)
    {
        var objection = await db.Set<Objection>().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (objection is null)
        {
            return (TrackerOutcome.NotFound, null, $"No objection {id}.");
        }

        if (objection.Status != ObjectionStatus.Open)
        {
            return (TrackerOutcome.Conflict, null, $"Objection {id} is already {objection.Status}.");
        }

        objection.Status = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Rejected;
        objection.Response = response;
        objection.HandledBy = steward.UserName;
        objection.HandledAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var idText = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ledger.AppendAsync(steward, new AuditRecord("datahub.objection.resolved", "objection", idText,
            Details: objection.Status.ToString(), Subjects: [objection.PersonId]), ct);
        await notifier.EnqueueAsync(new Notification(Channel.InApp,
            upheld ? "您的数据使用异议已成立 Your objection was upheld" : "您的数据使用异议已答复 Your objection was answered",
            response, RecipientUserId: objection.UserId, Link: "/portal/data-tracker", DeduplicationKey: "objection-resolved-" + idText), ct);
        return (TrackerOutcome.Ok, View(objection), null);
    }

    public async Task<IReadOnlyList<ConsentView>> ConsentsAsync(CurrentUser citizen, CancellationToken ct)
    {
        var rows = await db.Set<Consent>().AsNoTracking().Where(c => c.PersonId == citizen.PersonId).OrderByDescending(c => c.Id).ToListAsync(ct);
        var names = await directory.DepartmentNamesAsync(rows.Select(r => r.GranteeDepartmentCode), ct);
        return rows.Select(c =>
        {
            var name = names[c.GranteeDepartmentCode];
            return new ConsentView(c.Id, c.GranteeDepartmentCode, name.Zh, name.En, c.Purpose, c.GivenAt, c.WithdrawnAt);
        }).ToList();
    }

    /// <summary>
    /// The uses on offer that need the citizen's consent: active consent-based grants on datasets about persons, with
    /// what they are for (the grant's stated basis) and the citizen's current consent, if any.
    /// </summary>
    public async Task<IReadOnlyList<ConsentUseView>> ConsentUsesAsync(CurrentUser citizen, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var uses = await db.Set<Grant>().AsNoTracking()
            .Where(g => g.LegalBasisKind == LegalBasisKind.Consent && g.Status == GrantStatus.Active && g.ValidTo > now)
            .Join(db.Set<Dataset>().Where(d => d.Fields.Any(f => f.PersonalClass != PersonalClass.None)), g => g.DatasetCode, d => d.Code,
                (g, d) => new { g.GranteeDepartmentCode, g.PurposeCode, g.LegalBasis, g.Fields, g.ValidTo, d.TitleZh, d.TitleEn })
            .OrderBy(x => x.GranteeDepartmentCode).ThenBy(x => x.PurposeCode).ToListAsync(ct);
        var consents = await db.Set<Consent>().AsNoTracking().Where(c => c.PersonId == citizen.PersonId && c.WithdrawnAt == null)
            .Select(c => new { c.Id, c.GranteeDepartmentCode, c.Purpose }).ToListAsync(ct);
        var names = await directory.DepartmentNamesAsync(uses.Select(u => u.GranteeDepartmentCode), ct);
        return uses.Select(u =>
        {
            var name = names[u.GranteeDepartmentCode];
            var given = consents.FirstOrDefault(c => c.GranteeDepartmentCode == u.GranteeDepartmentCode && c.Purpose == u.PurposeCode);
            return new ConsentUseView(u.GranteeDepartmentCode, name.Zh, name.En, u.PurposeCode, u.LegalBasis, u.TitleZh, u.TitleEn, Grant.Split(u.Fields), u.ValidTo, given?.Id);
        }).ToList();
    }

    public async Task<(TrackerOutcome Outcome, string? Message)> GiveConsentAsync(CurrentUser citizen, string departmentCode, string purpose, CancellationToken ct)
    {
        if (!await platform.Set<Department>().AnyAsync(d => d.Code == departmentCode, ct))
        {
            return (TrackerOutcome.NotFound, $"No department {departmentCode}.");
        }

        var personId = citizen.PersonId!;
        if (await db.Set<Consent>().AnyAsync(c => c.PersonId == personId && c.GranteeDepartmentCode == departmentCode && c.Purpose == purpose && c.WithdrawnAt == null, ct))
        {
            return (TrackerOutcome.Conflict, "You have already given this consent.");
        }

        var consent = new Consent { PersonId = personId, GranteeDepartmentCode = departmentCode, Purpose = purpose, GivenAt = clock.GetUtcNow() };
        db.Set<Consent>().Add(consent);
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(citizen, new AuditRecord("datahub.consent.given", "consent", consent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Purpose: purpose, Details: departmentCode, Subjects: [personId]), ct);
        return (TrackerOutcome.Ok, null);
    }

    public async Task<(TrackerOutcome Outcome, string? Message)> WithdrawConsentAsync(CurrentUser citizen, long id, CancellationToken ct)
    {
        var consent = await db.Set<Consent>().FirstOrDefaultAsync(c => c.Id == id && c.PersonId == citizen.PersonId, ct);
        if (consent is null)
        {
            return (TrackerOutcome.NotFound, $"You have no consent {id}.");
        }

        if (consent.WithdrawnAt is not null)
        {
            return (TrackerOutcome.Conflict, "This consent is already withdrawn.");
        }

        consent.WithdrawnAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(citizen, new AuditRecord("datahub.consent.withdrawn", "consent", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Purpose: consent.Purpose, Details: consent.GranteeDepartmentCode, Subjects: [consent.PersonId]), ct);
        return (TrackerOutcome.Ok, null);
    }

    private async Task<AuditEntryView?> FindEntryAsync(string personId, long seq, CancellationToken ct) =>
        (await ledger.SearchAsync(new AuditSearch(Subject: personId, Seq: seq, PageSize: 1), ct)).Items.FirstOrDefault();

    private DateOnly Today() => calendar.LocalDate(clock.GetUtcNow());

    private ObjectionView View(Objection o) => new(
        o.Id, o.PersonId, o.AuditSeq, o.AccessAction, o.AccessDepartment, o.AccessPurpose, o.AccessTime, o.Reason, o.RaisedAt, o.DueOn,
        o.Status == ObjectionStatus.Open && o.DueOn is { } due && due < Today(), o.Status.ToString(), o.Response, o.HandledBy, o.HandledAt);
}
