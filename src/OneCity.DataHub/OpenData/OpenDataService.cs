using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Contracts;
using OneCity.DataHub.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.OpenData;

/// <summary>Open-data settings (<c>OpenData</c> section).</summary>
internal sealed record OpenDataOptions(int SuppressionThreshold)
{
    public static OpenDataOptions From(IConfiguration configuration) =>
        new(Math.Max(1, configuration.GetValue("OpenData:SuppressionThreshold", 5)));
}

/// <summary>What a visitor may do with a published dataset's records.</summary>
internal sealed record RecordAccess(string Access, Dataset? Dataset, OpenDataAgreement? Agreement);

/// <summary>
/// The open-data portal: published datasets, previews and downloads, and authorised-operation agreements with
/// metered use for conditional-open datasets.
/// </summary>
internal sealed class OpenDataService(DataHubDbContext db, CatalogueService catalogue, AuditLedger audit, TimeProvider clock)
{
    public const int PreviewRows = 20;

    public static bool IsApplicant(CurrentUser user) => user.IsInRole(Roles.Citizen) || user.IsInRole(Roles.CompanyRepresentative);

    public static string MonthOf(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The published dataset and how this visitor may use its records; null when it is not on the portal.</summary>
    public async Task<RecordAccess?> AccessAsync(CurrentUser user, string code, CancellationToken ct)
    {
        var d = await catalogue.FindAsync(code, ct);
        if (d is null || !d.Published || d.OpenType == OpenType.NotOpen)
        {
            return null;
        }

        if (d.OpenType == OpenType.Open)
        {
            return new("open", d, null);
        }

        if (!IsApplicant(user))
        {
            return new("sign-in-required", d, null);
        }

        var now = clock.GetUtcNow();
        var agreements = await db.Set<OpenDataAgreement>().Where(a => a.DatasetCode == code && a.ApplicantUserId == user.UserId && a.Status != AgreementStatus.Rejected)
            .OrderByDescending(a => a.Id).ToListAsync(ct);
        if (agreements.FirstOrDefault(a => a.Status == AgreementStatus.Approved && (a.ExpiresAt is null || a.ExpiresAt > now)) is { } active)
        {
            return new("agreement-active", d, active);
        }

        return agreements.FirstOrDefault(a => a.Status == AgreementStatus.Pending) is { } pending
            ? new("agreement-pending", d, pending)
            : new("agreement-required", d, null);
    }

    /// <summary>
    /// Meters one use (a call of <paramref name="rows"/> rows) against an agreement; null when within the monthly quota,
    /// otherwise the reason it is refused. The use is recorded in the audit ledger.
    /// </summary>
    public async Task<string?> MeterAsync(CurrentUser user, OpenDataAgreement agreement, long rows, string use, CancellationToken ct)
    {
        var month = MonthOf(clock.GetUtcNow());
        var usage = await db.Set<AgreementUsage>().FirstOrDefaultAsync(u => u.AgreementId == agreement.Id && u.Month == month, ct);
        if (usage is null)
        {
            usage = new AgreementUsage { AgreementId = agreement.Id, Month = month };
            db.Add(usage);
        }

        if (agreement.MonthlyCallQuota > 0 && usage.Calls + 1 > agreement.MonthlyCallQuota)
        {
            db.ChangeTracker.Clear();
            return $"Monthly call quota of agreement {agreement.Id} is used up ({usage.Calls}/{agreement.MonthlyCallQuota} in {month}).";
        }

        if (usage.Rows + rows > agreement.MonthlyRowQuota)
        {
            db.ChangeTracker.Clear();
            return $"Monthly row quota of agreement {agreement.Id} would be exceeded: {usage.Rows} used + {rows} requested > {agreement.MonthlyRowQuota} in {month}.";
        }

        usage.Rows += rows;
        usage.Calls++;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(user, new AuditRecord("datahub.open.use", "open-agreement", agreement.Id.ToString(CultureInfo.InvariantCulture),
            Purpose: agreement.Purpose, Details: JsonSerializer.Serialize(new { dataset = agreement.DatasetCode, use, rows, month, usedRows = usage.Rows, usedCalls = usage.Calls })), ct);
        return null;
    }

    public async Task<DataHubOutcome<OpenDatasetView>> ViewAsync(CurrentUser user, string code, bool withPreview, CancellationToken ct)
    {
        if (await AccessAsync(user, code, ct) is not { Dataset: { } d } access)
        {
            return new(null, 404, $"No published dataset {code}.");
        }

        var detail = await catalogue.DetailAsync(d, ct);
        IReadOnlyList<IReadOnlyList<string?>>? preview = null;
        string? error = null;
        if (withPreview && access.Access is "open" or "agreement-active")
        {
            var rows = Math.Min(PreviewRows, detail.RecordCount);
            error = access.Agreement is { } a ? await MeterAsync(user, a, rows, "preview", ct) : null;
            if (error is null)
            {
                var names = d.Fields.OrderBy(f => f.Position).Select(f => f.Name).ToList();
                var jsons = await db.Set<DatasetRecord>().AsNoTracking().Where(r => r.DatasetCode == code).OrderBy(r => r.Id).Take(PreviewRows).Select(r => r.Json).ToListAsync(ct);
                preview = [.. jsons.Select(j => Values(j, names))];
            }
        }

        return new(new OpenDatasetView(detail, access.Access, access.Agreement?.Id, preview, error), 200);
    }

    /// <summary>A record's values in schema order, as text (numbers invariant, booleans true/false).</summary>
    public static IReadOnlyList<string?> Values(string json, IReadOnlyList<string> names)
    {
        using var doc = JsonDocument.Parse(json);
        var values = new string?[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            values[i] = doc.RootElement.TryGetProperty(names[i], out var v) ? Text(v) : null;
        }

        return values;
    }

    private static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => v.GetRawText(),
    };

    public IAsyncEnumerable<string> RecordJsonAsync(string code) =>
        db.Set<DatasetRecord>().AsNoTracking().Where(r => r.DatasetCode == code).OrderBy(r => r.Id).Select(r => r.Json).AsAsyncEnumerable();

    public Task<long> CountAsync(string code, CancellationToken ct) => db.Set<DatasetRecord>().LongCountAsync(r => r.DatasetCode == code, ct);

    // Writers stream record by record so large datasets never sit in memory.
    public static async Task WriteCsvAsync(Stream body, IReadOnlyList<string> names, IAsyncEnumerable<string> records, CancellationToken ct)
    {
        await using var w = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await w.WriteAsync(string.Join(',', names.Select(Csv)) + "\r\n");
        await foreach (var json in records.WithCancellation(ct))
        {
            await w.WriteAsync(string.Join(',', Values(json, names).Select(v => Csv(v ?? ""))) + "\r\n");
        }
    }

    private static string Csv(string v) =>
        v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;

    public static async Task WriteJsonAsync(Stream body, IAsyncEnumerable<string> records, CancellationToken ct)
    {
        await using var w = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await w.WriteAsync('[');
        var first = true;
        await foreach (var json in records.WithCancellation(ct))
        {
            await w.WriteAsync(first ? "\n" : ",\n");
            await w.WriteAsync(json);
            first = false;
        }

        await w.WriteAsync("\n]\n");
    }

    /// <summary>A FeatureCollection of points from <c>lon</c>/<c>lat</c> (WGS84); the other fields become properties.</summary>
    public static async Task WriteGeoJsonAsync(Stream body, IAsyncEnumerable<string> records, CancellationToken ct)
    {
        await using var w = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await w.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":[");
        var first = true;
        await foreach (var json in records.WithCancellation(ct))
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (!root.TryGetProperty("lon", out var lon) || !root.TryGetProperty("lat", out var lat) || lon.ValueKind != JsonValueKind.Number || lat.ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            var props = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject().Where(p => p.Name is not ("lon" or "lat")))
            {
                props[p.Name] = p.Value;
            }

            await w.WriteAsync(first ? "\n" : ",\n");
            await w.WriteAsync("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon.GetRawText() + "," + lat.GetRawText() + "]},\"properties\":"
                + JsonSerializer.Serialize(props) + "}");
            first = false;
        }

        await w.WriteAsync("\n]}\n");
    }

    public async Task<DataHubOutcome<AgreementView>> ApplyAsync(CurrentUser user, AgreementApplication request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.DatasetCode))
        {
            errors.Add("datasetCode", "required");
        }

        if (string.IsNullOrWhiteSpace(request.Purpose))
        {
            errors.Add("purpose", "required");
        }
        else if (request.Purpose.Length > 1000)
        {
            errors.Add("purpose", "at most 1000 characters");
        }

        if (string.IsNullOrWhiteSpace(request.OrganisationCreditCode))
        {
            errors.Add("organisationCreditCode", "required");
        }
        else if (!IsCreditCode(request.OrganisationCreditCode.Trim()))
        {
            errors.Add("organisationCreditCode", "must be an 18-character unified social credit code (digits and capital letters except I, O, Z, S, V)");
        }

        if (errors.Any)
        {
            return new(null, 400, Errors: errors.ToDictionary());
        }

        var access = await AccessAsync(user, request.DatasetCode!, ct);
        if (access?.Dataset is null)
        {
            return new(null, 400, Errors: new Dictionary<string, string[]> { ["datasetCode"] = ["must be a published dataset"] });
        }

        if (access.Dataset.OpenType != OpenType.ConditionalOpen)
        {
            return new(null, 400, Errors: new Dictionary<string, string[]> { ["datasetCode"] = ["must be a conditional-open dataset (open datasets need no agreement)"] });
        }

        if (access.Agreement is not null)
        {
            return new(null, 409, $"You already have a {access.Agreement.Status.ToString().ToLowerInvariant()} agreement ({access.Agreement.Id}) for {request.DatasetCode}.");
        }

        var a = new OpenDataAgreement
        {
            DatasetCode = access.Dataset.Code, ApplicantUserId = user.UserId, ApplicantUserName = user.UserName, Purpose = request.Purpose!.Trim(),
            OrganisationCreditCode = request.OrganisationCreditCode!.Trim(), AppliedAt = clock.GetUtcNow(), Status = AgreementStatus.Pending,
        };
        db.Add(a);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(user, new AuditRecord("datahub.open.apply", "open-agreement", a.Id.ToString(CultureInfo.InvariantCulture), Purpose: a.Purpose,
            Details: JsonSerializer.Serialize(new { dataset = a.DatasetCode, organisation = a.OrganisationCreditCode })), ct);
        return new(await ToViewAsync(a, ct), 201);
    }

    private const string CreditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>GB 32100-2015: 18 characters with a check character.</summary>
    public static bool IsCreditCode(string code)
    {
        if (code.Length != 18 || code.Any(c => !CreditCodeChars.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += CreditCodeChars.IndexOf(code[i], StringComparison.Ordinal) * weights[i];
        }

        var check = (31 - (sum % 31)) % 31;
        return CreditCodeChars[check] == code[17];
    }

    public async Task<DataHubOutcome<AgreementView>> DecideAsync(CurrentUser user, long id, AgreementApproval? approval, AgreementRejection? rejection, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var now = clock.GetUtcNow();
        if (approval is not null)
        {
            if (approval.ExpiresAt is null)
            {
                errors.Add("expiresAt", "required");
            }
            else if (approval.ExpiresAt <= now)
            {
                errors.Add("expiresAt", "must be in the future");
            }

            if (approval.MonthlyRowQuota is null or < 1 or > 100_000_000)
            {
                errors.Add("monthlyRowQuota", "must be between 1 and 100000000");
            }

            if (approval.MonthlyCallQuota is < 0 or > 10_000_000)
            {
                errors.Add("monthlyCallQuota", "must be between 0 (no limit) and 10000000");
            }

            if (approval.Terms?.Length > 2000)
            {
                errors.Add("terms", "at most 2000 characters");
            }
        }
        else if (string.IsNullOrWhiteSpace(rejection?.Reason))
        {
            errors.Add("reason", "required");
        }
        else if (rejection.Reason.Length > 1000)
        {
            errors.Add("reason", "at most 1000 characters");
        }

        if (errors.Any)
        {
            return new(null, 400, Errors: errors.ToDictionary());
        }

        if (await db.Set<OpenDataAgreement>().FirstOrDefaultAsync(a => a.Id == id, ct) is not { } a)
        {
            return new(null, 404, $"No agreement {id}.");
        }

        if (a.Status != AgreementStatus.Pending)
        {
            return new(null, 409, $"Agreement {id} is already {a.Status.ToString().ToLowerInvariant()}.");
        }

        a.DecidedAt = now;
        a.DecidedBy = user.UserName;
        if (approval is not null)
        {
            a.Status = AgreementStatus.Approved;
            a.ExpiresAt = approval.ExpiresAt!.Value.ToUniversalTime();
            a.MonthlyRowQuota = approval.MonthlyRowQuota!.Value;
            a.MonthlyCallQuota = approval.MonthlyCallQuota ?? 0;
            a.Terms = approval.Terms?.Trim() ?? "";
        }
        else
        {
            a.Status = AgreementStatus.Rejected;
            a.DecisionNote = rejection!.Reason!.Trim();
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(user, new AuditRecord(approval is not null ? "datahub.open.approve" : "datahub.open.reject", "open-agreement", id.ToString(CultureInfo.InvariantCulture),
            Details: JsonSerializer.Serialize(new { dataset = a.DatasetCode, applicant = a.ApplicantUserName, a.ExpiresAt, a.MonthlyRowQuota, a.MonthlyCallQuota, a.Terms, a.DecisionNote })), ct);
        return new(await ToViewAsync(a, ct), 200);
    }

    public async Task<IReadOnlyList<AgreementView>> ListAsync(string? applicantUserId, AgreementStatus? status, CancellationToken ct)
    {
        var q = db.Set<OpenDataAgreement>().AsNoTracking().AsQueryable();
        if (applicantUserId is not null)
        {
            q = q.Where(a => a.ApplicantUserId == applicantUserId);
        }

        if (status is { } s)
        {
            q = q.Where(a => a.Status == s);
        }

        var list = await q.OrderByDescending(a => a.Id).Take(200).ToListAsync(ct);
        var views = new List<AgreementView>(list.Count);
        foreach (var a in list)
        {
            views.Add(await ToViewAsync(a, ct));
        }

        return views;
    }

    public async Task<AgreementView?> GetAsync(long id, CancellationToken ct) =>
        await db.Set<OpenDataAgreement>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } a ? await ToViewAsync(a, ct) : null;

    private async Task<AgreementView> ToViewAsync(OpenDataAgreement a, CancellationToken ct)
    {
        var month = MonthOf(clock.GetUtcNow());
        var usage = await db.Set<AgreementUsage>().AsNoTracking().FirstOrDefaultAsync(u => u.AgreementId == a.Id && u.Month == month, ct);
        var d = await db.Set<Dataset>().AsNoTracking().Where(x => x.Code == a.DatasetCode).Select(x => new { x.TitleZh, x.TitleEn }).FirstOrDefaultAsync(ct);
        return new AgreementView(a.Id, a.DatasetCode, d?.TitleZh ?? "", d?.TitleEn ?? "", a.ApplicantUserName, a.Purpose, a.OrganisationCreditCode, a.Status.ToString(),
            a.AppliedAt, a.DecidedAt, a.DecidedBy, a.DecisionNote, a.ExpiresAt, a.MonthlyRowQuota, a.MonthlyCallQuota, a.Terms, usage?.Rows ?? 0, usage?.Calls ?? 0);
    }

    /// <summary>Generates the statistical release of city-management cases per subdistrict and month from the stored cases.</summary>
    public static async Task LoadReleaseAsync(DataHubDbContext db, int threshold, DateTimeOffset now, CancellationToken ct)
    {
        const string code = "SH-DSJ-cases-by-subdistrict-month";
        if (await db.Set<Dataset>().AnyAsync(d => d.Code == code, ct))
        {
            return;
        }

        var events = new List<(string, string)>();
        await foreach (var json in db.Set<DatasetRecord>().AsNoTracking().Where(r => r.DatasetCode == "SH-CG-cases").Select(r => r.Json).AsAsyncEnumerable().WithCancellation(ct))
        {
            var v = Values(json, ["subdistrictCode", "month"]);
            if (v[0] is { Length: > 0 } area && v[1] is { Length: > 0 } month)
            {
                events.Add((area, month));
            }
        }

        var cells = StatisticalRelease.Build(events, threshold);
        var dataset = new Dataset
        {
            Code = code, TitleZh = "城市管理案件数（按街镇、月份）", TitleEn = "City management cases per subdistrict and month",
            DescriptionZh = $"由城市管理案件汇总的统计发布。小于{threshold}的计数不公布（suppressed），并对每行补充抑制一格，使其无法由行合计反推。（合成演示数据）",
            DescriptionEn = $"Statistical release aggregated from city management cases. Counts below {threshold} are suppressed, with one more cell per row where needed so row totals do not reveal them. (synthetic demo data)",
            OwnerDepartmentCode = "SH-DSJ", SourceSystem = "OneCity DataHub 统计发布", UpdateFrequency = UpdateFrequency.Monthly, Level = DataLevel.General,
            SharingType = SharingType.Unconditional, OpenType = OpenType.Open, Source = DatasetSource.Stored, Keywords = "统计,城管,街镇,statistics,cases,subdistrict",
            Theme = "城市管理 / city management", KeyField = "cellId", DataUpdatedAt = now, CreatedAt = now, MetadataUpdatedAt = now, Published = true, PublishedAt = now,
            Licence = "上海市公共数据开放授权 / Shanghai Public Data Open Licence",
            Fields =
            [
                new() { DatasetCode = code, Position = 1, Name = "cellId", TitleZh = "单元编号", TitleEn = "Cell id", Type = "string", Required = true },
                new() { DatasetCode = code, Position = 2, Name = "subdistrictCode", TitleZh = "街镇代码", TitleEn = "Subdistrict code", Type = "string", Required = true },
                new() { DatasetCode = code, Position = 3, Name = "month", TitleZh = "月份（total为合计）", TitleEn = "Month (total = row total)", Type = "string", Required = true },
                new() { DatasetCode = code, Position = 4, Name = "cases", TitleZh = "案件数（抑制时为空）", TitleEn = "Cases (empty when suppressed)", Type = "integer" },
                new() { DatasetCode = code, Position = 5, Name = "suppressed", TitleZh = "已抑制", TitleEn = "Suppressed", Type = "boolean", Required = true },
            ],
        };
        db.Add(dataset);
        db.AddRange(cells.Select(c => new DatasetRecord
        {
            DatasetCode = code, Key = c.AreaCode + "-" + c.Month, AreaCode = c.AreaCode, UpdatedAt = now,
            Json = JsonSerializer.Serialize(new Dictionary<string, object?> { ["cellId"] = c.AreaCode + "-" + c.Month, ["subdistrictCode"] = c.AreaCode, ["month"] = c.Month, ["cases"] = c.Count, ["suppressed"] = c.Suppressed }),
        }));
        await db.SaveChangesAsync(ct);
    }
}
