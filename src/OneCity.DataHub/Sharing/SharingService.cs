using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Sharing;

internal sealed record SharingRequestInput(
    string? Dataset, IReadOnlyList<string>? Fields, IReadOnlyList<string>? ClearFields, string? PurposeCode, string? PurposeDescription,
    string? LegalBasisKind, string? LegalBasis, DateOnly? From, DateOnly? To, string? RowScope);

internal sealed record ApproveInput(IReadOnlyList<string>? Fields, IReadOnlyList<string>? ClearFields, DateOnly? From, DateOnly? To, int? RateLimitPerMinute);

internal sealed record ReasonInput(string? Reason);

internal sealed record SharingRequestView(
    long Id, string Dataset, string RequestingDepartment, string RequestedBy, IReadOnlyList<string> Fields, IReadOnlyList<string> ClearFields,
    string PurposeCode, string PurposeDescription, string LegalBasisKind, string LegalBasis, DateOnly From, DateOnly To, string? RowScope,
    string Status, string? DecisionReason, string? DecidedBy, DateTimeOffset? DecidedAt, DateTimeOffset CreatedAt, long? GrantId);

internal sealed record GrantView(
    long Id, string Dataset, string GranteeDepartment, IReadOnlyList<string> ClientIds, IReadOnlyList<string> Fields, IReadOnlyList<string> ClearFields,
    string PurposeCode, string LegalBasisKind, string LegalBasis, DateOnly From, DateOnly To, string? RowScope, int RateLimitPerMinute,
    string Status, DateTimeOffset? RevokedAt, string? RevokeReason, long? RequestId);

/// <summary>The outcome of a sharing action: a value, or a ProblemDetails-ready refusal.</summary>
internal sealed record SharingOutcome<T>(T? Value, int Status = 200, string? Detail = null, FieldErrors? Errors = null)
{
    public static SharingOutcome<T> Fail(int status, string detail) => new(default, status, detail);

    public static SharingOutcome<T> Invalid(FieldErrors errors) => new(default, 400, null, errors);
}

/// <summary>Requests, decisions, grants and revocations; every change goes to the audit ledger.</summary>
internal sealed class SharingService(DataHubDbContext db, AuditLedger ledger, GrantCache cache, TimeProvider clock)
{
    /// <summary>Offset of Beijing time: periods are whole days in Shanghai.</summary>
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static readonly string[] Requesters = [Roles.DepartmentReviewer, Roles.DepartmentAdministrator, Roles.DataSteward];
    public static readonly string[] Deciders = [Roles.DepartmentAdministrator, Roles.DataSteward];
    public static readonly string[] Readers = [Roles.DepartmentReviewer, Roles.DepartmentAdministrator, Roles.DataSteward, Roles.Auditor, Roles.SystemAdministrator];
    public static readonly string[] Revokers = [Roles.DepartmentAdministrator, Roles.DataSteward, Roles.SystemAdministrator];

    /// <summary>The Big Data Centre runs the catalogue: its data stewards decide for every department.</summary>
    public const string CatalogueDepartment = "SH-DSJ";

    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime();

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Beijing).DateTime);

    /// <summary>May this user decide for (approve, deny, revoke) datasets of this owner department?</summary>
    public static bool MayDecide(CurrentUser user, string ownerDepartment) =>
        (user.IsInRole(Roles.DataSteward) && (user.DepartmentCode == CatalogueDepartment || user.DepartmentCode == ownerDepartment))
        || (user.IsInRole(Roles.DepartmentAdministrator) && user.DepartmentCode == ownerDepartment);

    public static bool SeesAll(CurrentUser user) =>
        user.IsInRole(Roles.Auditor) || user.IsInRole(Roles.SystemAdministrator) || (user.IsInRole(Roles.DataSteward) && user.DepartmentCode == CatalogueDepartment);

    public async Task<SharingOutcome<SharingRequestView>> RequestAsync(CurrentUser user, SharingRequestInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(user.DepartmentCode))
        {
            return SharingOutcome<SharingRequestView>.Fail(403, "Only department staff can request data.");
        }

        Dataset? dataset = null;
        if (string.IsNullOrWhiteSpace(input.Dataset))
        {
            errors.Add("dataset", "required");
        }
        else
        {
            dataset = await db.Set<Dataset>().AsNoTracking().Include(d => d.Fields).FirstOrDefaultAsync(d => d.Code == input.Dataset, ct);
            if (dataset is null)
            {
                errors.Add("dataset", "unknown dataset");
            }
        }

        var fields = (input.Fields ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.Ordinal).ToList();
        var clear = (input.ClearFields ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.Ordinal).ToList();
        if (fields.Count == 0)
        {
            errors.Add("fields", "at least one field");
        }

        if (dataset is not null)
        {
            foreach (var f in fields.Where(f => dataset.Fields.All(x => x.Name != f)))
            {
                errors.Add("fields", $"unknown field '{f}'");
            }

            foreach (var f in clear.Where(f => !fields.Contains(f)))
            {
                errors.Add("clearFields", $"'{f}' is not among the requested fields");
            }
        }

        if (string.IsNullOrWhiteSpace(input.PurposeCode))
        {
            errors.Add("purposeCode", "required");
        }
        else if (input.PurposeCode.Length > 100 || !input.PurposeCode.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add("purposeCode", "at most 100 characters: letters, digits, '-', '_', '.'");
        }

        if (string.IsNullOrWhiteSpace(input.PurposeDescription))
        {
            errors.Add("purposeDescription", "required");
        }
        else if (input.PurposeDescription.Length > 1000)
        {
            errors.Add("purposeDescription", "at most 1000 characters");
        }

        LegalBasisKind kind = default;
        if (!EnumNames.TryParse(input.LegalBasisKind, out kind))
        {
            errors.Add("legalBasisKind", "statutory or consent");
        }

        if (string.IsNullOrWhiteSpace(input.LegalBasis))
        {
            errors.Add("legalBasis", kind == LegalBasisKind.Consent ? "required: what the citizens consent to" : "required: the statute and article");
        }
        else if (input.LegalBasis.Length > 1000)
        {
            errors.Add("legalBasis", "at most 1000 characters");
        }

        if (input.From is null)
        {
            errors.Add("from", "required");
        }

        if (input.To is null)
        {
            errors.Add("to", "required");
        }
        else if (input.From is not null && input.To < input.From)
        {
            errors.Add("to", "the period ends before it starts");
        }
        else if (input.To < DayOf(clock.GetUtcNow()))
        {
            errors.Add("to", "the period is already over");
        }

        var scope = string.IsNullOrWhiteSpace(input.RowScope) ? null : input.RowScope.Trim();
        if (scope is not null)
        {
            if (scope.Length is not (6 or 9 or 12) || !scope.All(char.IsAsciiDigit))
            {
                errors.Add("rowScope", "a 6-, 9- or 12-digit area code");
            }
            else if (!user.Covers(scope))
            {
                errors.Add("rowScope", "outside your jurisdiction");
            }
        }
        else if (user.JurisdictionCode != AreaCodes.City)
        {
            scope = user.JurisdictionCode;
        }

        if (errors.Any)
        {
            return SharingOutcome<SharingRequestView>.Invalid(errors);
        }

        if (dataset!.SharingType == SharingType.NotShared)
        {
            return SharingOutcome<SharingRequestView>.Fail(422, $"Dataset {dataset.Code} is not shared (不予共享).");
        }

        var now = clock.GetUtcNow();
        var ordered = dataset.Fields.OrderBy(f => f.Position).Select(f => f.Name).ToList();
        var request = new SharingRequest
        {
            DatasetCode = dataset.Code,
            RequestingDepartmentCode = user.DepartmentCode,
            RequestedBy = user.UserName,
            Fields = string.Join(',', ordered.Where(fields.Contains)),
            ClearFields = string.Join(',', ordered.Where(clear.Contains)),
            PurposeCode = input.PurposeCode!,
            PurposeDescription = input.PurposeDescription!.Trim(),
            LegalBasisKind = kind,
            LegalBasis = input.LegalBasis!.Trim(),
            ValidFrom = StartOf(input.From!.Value),
            ValidTo = StartOf(input.To!.Value.AddDays(1)),
            RowScope = scope,
            Status = RequestStatus.Pending,
            CreatedAt = now,
        };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(request);
        await db.SaveChangesAsync(ct);
        Grant? grant = null;
        if (dataset.SharingType == SharingType.Unconditional)
        {
            grant = Approve(request, "system", now, null, null, null, null, null);
            await db.SaveChangesAsync(ct);
            request.GrantId = grant.Id;
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        cache.Invalidate();
        await AuditAsync(user, "datahub.sharing.request", request, $"status={request.Status}; fields={request.Fields}; clear={request.ClearFields}");
        if (grant is not null)
        {
            await AuditAsync(CurrentUser.System, "datahub.sharing.grant", request, $"grant={grant.Id}; unconditional sharing");
        }

        return new(View(request));
    }

    private Grant Approve(SharingRequest request, string by, DateTimeOffset now, string? reason, IReadOnlyList<string>? fields, IReadOnlyList<string>? clear, DateTimeOffset? from, DateTimeOffset? to, int? rate = null)
    {
        request.Status = RequestStatus.Approved;
        request.DecidedBy = by;
        request.DecidedAt = now;
        request.DecisionReason = reason;
        var grant = new Grant
        {
            DatasetCode = request.DatasetCode,
            GranteeDepartmentCode = request.RequestingDepartmentCode,
            Fields = fields is null ? request.Fields : string.Join(',', Grant.Split(request.Fields).Where(fields.Contains)),
            ClearFields = clear is null ? request.ClearFields : string.Join(',', Grant.Split(request.ClearFields).Where(clear.Contains)),
            PurposeCode = request.PurposeCode,
            LegalBasisKind = request.LegalBasisKind,
            LegalBasis = request.LegalBasis,
            ValidFrom = from ?? request.ValidFrom,
            ValidTo = to ?? request.ValidTo,
            RowScope = request.RowScope,
            RateLimitPerMinute = rate ?? 600,
            Status = GrantStatus.Active,
            RequestId = request.Id,
            CreatedAt = now,
        };
        db.Add(grant);
        return grant;
    }

    public async Task<SharingOutcome<SharingRequestView>> DecideAsync(CurrentUser user, long id, ApproveInput? approve, string? denyReason, CancellationToken ct)
    {
        var request = await db.Set<SharingRequest>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return SharingOutcome<SharingRequestView>.Fail(404, $"No sharing request {id}.");
        }

        var owner = await db.Set<Dataset>().Where(d => d.Code == request.DatasetCode).Select(d => d.OwnerDepartmentCode).FirstOrDefaultAsync(ct);
        if (owner is null || !MayDecide(user, owner))
        {
            return SharingOutcome<SharingRequestView>.Fail(403, $"Only the owner department ({owner}) administrator or a data steward may decide on this request.");
        }

        var errors = new FieldErrors();
        var requestedFields = Grant.Split(request.Fields);
        var requestedClear = Grant.Split(request.ClearFields);
        DateTimeOffset? from = null, to = null;
        if (approve is not null)
        {
            foreach (var f in (approve.Fields ?? []).Where(f => !requestedFields.Contains(f)))
            {
                errors.Add("fields", $"'{f}' was not requested: an approval may narrow the fields, not widen them");
            }

            if (approve.Fields is { Count: 0 })
            {
                errors.Add("fields", "at least one field");
            }

            var fieldsAfter = approve.Fields ?? requestedFields;
            foreach (var f in (approve.ClearFields ?? []).Where(f => !requestedClear.Contains(f) || !fieldsAfter.Contains(f)))
            {
                errors.Add("clearFields", $"'{f}' was not requested in clear among the granted fields: an approval cannot widen");
            }

            from = approve.From is { } f1 ? StartOf(f1) : null;
            to = approve.To is { } t1 ? StartOf(t1.AddDays(1)) : null;
            if (from < request.ValidFrom)
            {
                errors.Add("from", "before the requested start: an approval may shorten the period, not extend it");
            }

            if (to > request.ValidTo)
            {
                errors.Add("to", "after the requested end: an approval may shorten the period, not extend it");
            }

            if ((from ?? request.ValidFrom) >= (to ?? request.ValidTo))
            {
                errors.Add("to", "the period ends before it starts");
            }

            if (approve.RateLimitPerMinute is < 1 or > 100_000)
            {
                errors.Add("rateLimitPerMinute", "between 1 and 100000");
            }
        }
        else if (string.IsNullOrWhiteSpace(denyReason))
        {
            errors.Add("reason", "required: say why the request is denied");
        }
        else if (denyReason.Length > 1000)
        {
            errors.Add("reason", "at most 1000 characters");
        }

        if (errors.Any)
        {
            return SharingOutcome<SharingRequestView>.Invalid(errors);
        }

        if (request.Status != RequestStatus.Pending)
        {
            return SharingOutcome<SharingRequestView>.Fail(409, $"Request {id} is {request.Status}, not pending.");
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Grant? grant = null;
        if (approve is not null)
        {
            grant = Approve(request, user.UserName, now, null, approve.Fields, approve.ClearFields ?? (approve.Fields is null ? null : requestedClear.Where(approve.Fields.Contains).ToList()), from, to, approve.RateLimitPerMinute);
            await db.SaveChangesAsync(ct);
            request.GrantId = grant.Id;
        }
        else
        {
            request.Status = RequestStatus.Denied;
            request.DecidedBy = user.UserName;
            request.DecidedAt = now;
            request.DecisionReason = denyReason!.Trim();
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        cache.Invalidate();
        await AuditAsync(user, grant is null ? "datahub.sharing.deny" : "datahub.sharing.approve", request,
            grant is null ? "denied" : $"grant={grant.Id}; fields={grant.Fields}; clear={grant.ClearFields}; to={grant.ValidTo:O}");
        return new(View(request));
    }

    public async Task<SharingOutcome<SharingRequestView>> WithdrawAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var request = await db.Set<SharingRequest>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return SharingOutcome<SharingRequestView>.Fail(404, $"No sharing request {id}.");
        }

        if (request.RequestingDepartmentCode != user.DepartmentCode)
        {
            return SharingOutcome<SharingRequestView>.Fail(403, "Only the requesting department may withdraw its request.");
        }

        if (request.Status != RequestStatus.Pending)
        {
            return SharingOutcome<SharingRequestView>.Fail(409, $"Request {id} is {request.Status}, not pending.");
        }

        request.Status = RequestStatus.Withdrawn;
        request.DecidedBy = user.UserName;
        request.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await AuditAsync(user, "datahub.sharing.withdraw", request, "withdrawn");
        return new(View(request));
    }

    public async Task<IReadOnlyList<SharingRequestView>> ListRequestsAsync(CurrentUser user, bool incoming, CancellationToken ct)
    {
        var q = db.Set<SharingRequest>().AsNoTracking();
        if (incoming)
        {
            if (!SeesAll(user))
            {
                var owned = db.Set<Dataset>().Where(d => d.OwnerDepartmentCode == user.DepartmentCode).Select(d => d.Code);
                q = q.Where(r => owned.Contains(r.DatasetCode));
            }
        }
        else
        {
            q = q.Where(r => r.RequestingDepartmentCode == user.DepartmentCode);
        }

        var rows = await q.OrderByDescending(r => r.Id).Take(500).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<IReadOnlyList<GrantView>> ListGrantsAsync(CurrentUser user, CancellationToken ct)
    {
        var q = db.Set<Grant>().AsNoTracking();
        if (!SeesAll(user))
        {
            var owned = db.Set<Dataset>().Where(d => d.OwnerDepartmentCode == user.DepartmentCode).Select(d => d.Code);
            q = q.Where(g => g.GranteeDepartmentCode == user.DepartmentCode || owned.Contains(g.DatasetCode));
        }

        var rows = await q.OrderByDescending(g => g.Id).Take(500).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(g => View(g, now)).ToList();
    }

    public async Task<SharingOutcome<GrantView>> RevokeAsync(CurrentUser user, long id, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            var errors = new FieldErrors();
            errors.Add("reason", string.IsNullOrWhiteSpace(reason) ? "required: say why the grant is revoked" : "at most 1000 characters");
            return SharingOutcome<GrantView>.Invalid(errors);
        }

        var grant = await db.Set<Grant>().FirstOrDefaultAsync(g => g.Id == id, ct);
        if (grant is null)
        {
            return SharingOutcome<GrantView>.Fail(404, $"No grant {id}.");
        }

        var owner = await db.Set<Dataset>().Where(d => d.Code == grant.DatasetCode).Select(d => d.OwnerDepartmentCode).FirstOrDefaultAsync(ct);
        if (!user.IsInRole(Roles.SystemAdministrator) && (owner is null || !MayDecide(user, owner)))
        {
            return SharingOutcome<GrantView>.Fail(403, $"Only the owner department ({owner}) administrator, a data steward or a system administrator may revoke this grant.");
        }

        if (grant.Status == GrantStatus.Revoked)
        {
            return SharingOutcome<GrantView>.Fail(409, $"Grant {id} is already revoked.");
        }

        var now = clock.GetUtcNow();
        grant.Status = GrantStatus.Revoked;
        grant.RevokedAt = now;
        grant.RevokedBy = user.UserName;
        grant.RevokeReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        await ledger.AppendAsync(user, new AuditRecord("datahub.grant.revoke", "datahub-grant", grant.Id.ToString(CultureInfo.InvariantCulture),
            Details: $"dataset={grant.DatasetCode}; grantee={grant.GranteeDepartmentCode}"), CancellationToken.None);
        return new(View(grant, now));
    }

    private Task AuditAsync(CurrentUser user, string action, SharingRequest r, string details) =>
        ledger.AppendAsync(user, new AuditRecord(action, "datahub-sharing-request", r.Id.ToString(CultureInfo.InvariantCulture),
            Purpose: r.PurposeCode, LegalBasis: $"{r.LegalBasisKind}: {r.LegalBasis}", Details: $"dataset={r.DatasetCode}; requester={r.RequestingDepartmentCode}; {details}"), CancellationToken.None);

    public static SharingRequestView View(SharingRequest r) => new(
        r.Id, r.DatasetCode, r.RequestingDepartmentCode, r.RequestedBy, Grant.Split(r.Fields), Grant.Split(r.ClearFields), r.PurposeCode, r.PurposeDescription,
        r.LegalBasisKind.ToString(), r.LegalBasis, DayOf(r.ValidFrom), DayOf(r.ValidTo).AddDays(-1), r.RowScope, r.Status.ToString(), r.DecisionReason,
        r.DecidedBy, r.DecidedAt, r.CreatedAt, r.GrantId);

    public static GrantView View(Grant g, DateTimeOffset now) => new(
        g.Id, g.DatasetCode, g.GranteeDepartmentCode, g.ClientIdList, g.FieldList, g.ClearFieldList, g.PurposeCode, g.LegalBasisKind.ToString(), g.LegalBasis,
        DayOf(g.ValidFrom), DayOf(g.ValidTo).AddDays(-1), g.RowScope, g.RateLimitPerMinute,
        (g.Status == GrantStatus.Active && now >= g.ValidTo ? GrantStatus.Expired : g.Status).ToString(), g.RevokedAt, g.RevokeReason, g.RequestId);
}
