using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.CityOps.Responsibility;
using OneCity.Platform.Calendar;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;

namespace OneCity.CityOps.Open311;

/// <summary>Which service requests GET requests.{format} asks for; <see cref="Ids"/> overrides everything else.</summary>
internal sealed record RequestFilter(IReadOnlyList<long>? Ids, IReadOnlyList<string>? ServiceCodes, DateTimeOffset Start, DateTimeOffset End, bool? Open);

/// <summary>A report joined to its incident (and, for a merged incident, the one it went into): all a public request shows.</summary>
internal sealed record RequestRow(
    long ReportId, ReportChannel Channel, string Text, string? Address, double? Longitude, double? Latitude, DateTimeOffset ReceivedAt,
    string Number, string CategoryCode, IncidentStatus Status, string? UnitCode, DateTimeOffset UpdatedAt, DateTimeOffset CloseDueAt, DateTimeOffset? ClosedAt,
    RefusalReason? RefusalReason, string? RefusalText, string? MergedIntoNumber, IncidentStatus? MergedIntoStatus);

/// <summary>
/// Service requests: a service request is one CityOps report (service_request_id = the report id); its status is its
/// incident's. Reads are one query joining reports to incidents; writes go through the intake pipeline.
/// <para>Public answers carry no personal data: never the reporter's name, phone, email or account; mobile and
/// identity-card numbers that someone typed into a description, address or note are masked.</para>
/// </summary>
internal sealed partial class Open311Requests(CityOpsDbContext db, CategoryTree categories, Open311Catalogue catalogue, Router router, IntakeService intake)
{
    /// <summary>The spec's response volume: at most 1,000 requests and a span of at most 90 days.</summary>
    public const int MaxResults = 1000;

    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);

    /// <summary>media_url is kept as the last line of the report text (there is no media store); GETs give it back as media_url.</summary>
    public const string MediaLinePrefix = "media_url: ";

    public const int MaxMediaUrlLength = 500;

    private static readonly IncidentStatus[] Finished = [IncidentStatus.Closed, IncidentStatus.Refused];

    public async Task<IReadOnlyList<RequestRow>> FindAsync(RequestFilter filter, CancellationToken ct)
    {
        var q = from r in db.Set<Report>().AsNoTracking()
                join i in db.Set<Incident>().AsNoTracking() on r.IncidentId equals i.Id
                from m in db.Set<Incident>().AsNoTracking().Where(m => m.Id == i.MergedIntoId).DefaultIfEmpty()
                select new { r, i, m };

        if (filter.Ids is { } ids)
        {
            q = q.Where(x => ids.Contains(x.r.Id));
        }
        else
        {
            // Npgsql writes only UTC offsets to timestamptz.
            var start = filter.Start.ToUniversalTime();
            var end = filter.End.ToUniversalTime();
            q = q.Where(x => x.r.ReceivedAt >= start && x.r.ReceivedAt <= end);
            if (filter.ServiceCodes is { } codes)
            {
                q = q.Where(x => codes.Contains(x.i.CategoryCode));
            }

            if (filter.Open is { } open)
            {
                // Closed: closed or refused, or merged into an incident that is (a merge target normally holds the reports).
                q = open
                    ? q.Where(x => !(Finished.Contains(x.i.Status) || (x.i.Status == IncidentStatus.Merged
                        && (x.m == null || Finished.Contains(x.m.Status) || x.m.Status == IncidentStatus.Merged))))
                    : q.Where(x => Finished.Contains(x.i.Status) || (x.i.Status == IncidentStatus.Merged
                        && (x.m == null || Finished.Contains(x.m.Status) || x.m.Status == IncidentStatus.Merged)));
            }
        }

        return await q.OrderByDescending(x => x.r.ReceivedAt).ThenByDescending(x => x.r.Id).Take(MaxResults)
            .Select(x => new RequestRow(
                x.r.Id, x.r.Channel, x.r.Text, x.r.Address, x.r.Longitude, x.r.Latitude, x.r.ReceivedAt,
                x.i.Number, x.i.CategoryCode, x.i.Status, x.i.UnitCode, x.i.UpdatedAt, x.i.CloseDueAt, x.i.ClosedAt,
                x.i.RefusalReason, x.i.RefusalText, x.m == null ? null : x.m.Number, x.m == null ? null : (IncidentStatus?)x.m.Status))
            .ToListAsync(ct);
    }

    /// <summary>The report id a token stands for, or null.</summary>
    public async Task<long?> IdForTokenAsync(string token, CancellationToken ct) =>
        await db.Set<Report>().AsNoTracking().Where(r => r.Token == token).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);

    public static bool IsOpen(RequestRow row) => row.Status == IncidentStatus.Merged
        ? row.MergedIntoStatus is { } target && Incident.IsOpen(target)
        : Incident.IsOpen(row.Status);

    /// <summary>One request element in the spec's field order.</summary>
    public O311Object ToRequest(RequestRow row)
    {
        var open = IsOpen(row);
        var (description, media) = SplitMedia(row);
        return new O311Object()
            .Add("service_request_id", row.ReportId.ToString(CultureInfo.InvariantCulture))
            .Add("status", open ? "open" : "closed")
            .Add("status_notes", StatusNotes(row))
            .Add("service_name", categories.Find(row.CategoryCode)?.NameZh ?? row.CategoryCode)
            .Add("service_code", row.CategoryCode)
            .Add("description", Redact(description))
            .Add("agency_responsible", row.UnitCode is null ? null : router.UnitName(row.UnitCode).Zh)
            .Add("service_notice", Notice(row.Number, row.Status == IncidentStatus.Merged ? null : row.CloseDueAt, open))
            .Add("requested_datetime", Open311Answers.W3c(row.ReceivedAt))
            .Add("updated_datetime", Open311Answers.W3c(row.UpdatedAt))
            .Add("expected_datetime", Open311Answers.W3c(row.CloseDueAt))
            .Add("address", row.Address is null ? null : Redact(row.Address))
            .Add("address_id", null)
            .Add("zipcode", null)
            .Add("lat", row.Latitude)
            .Add("long", row.Longitude)
            .Add("media_url", media);
    }

    private static (string Description, string? Media) SplitMedia(RequestRow row)
    {
        if (row.Channel == ReportChannel.Open311 && row.Text.LastIndexOf("\n" + MediaLinePrefix, StringComparison.Ordinal) is var at and >= 0)
        {
            var url = row.Text[(at + 1 + MediaLinePrefix.Length)..];
            if (url.Length > 0 && !url.Any(char.IsWhiteSpace))
            {
                return (row.Text[..at].TrimEnd(), url);
            }
        }

        return (row.Text, null);
    }

    private static string? StatusNotes(RequestRow row) => row.Status switch
    {
        IncidentStatus.Triage => "已收到，待值班员分拣立案",
        IncidentStatus.Registered => "已立案，待派遣",
        IncidentStatus.Dispatched => "已派遣至处置单位，待签收",
        IncidentStatus.Handling => "处置单位正在处置",
        IncidentStatus.Handled => "处置单位已反馈，待核查",
        IncidentStatus.Verified => "已核查，待结案",
        IncidentStatus.Bounced => "处置单位退单，待重新派遣",
        IncidentStatus.Disputed => "权属有争议，待上级裁定",
        IncidentStatus.Closed => "已办结",
        IncidentStatus.Refused => "不予立案：" + (row.RefusalText is { Length: > 0 } text ? Redact(text) : row.RefusalReason switch
        {
            RefusalReason.Duplicate => "重复报告",
            RefusalReason.NotGovernmentMatter => "不属于政府管理事项",
            _ => "报告无效",
        }),
        IncidentStatus.Merged => $"与案件 {row.MergedIntoNumber} 为同一问题，已并入办理",
        _ => null,
    };

    /// <summary>The incident number to quote and, while it is open, when it is due to be closed.</summary>
    public static string Notice(string number, DateTimeOffset? closeDue, bool open) =>
        open && closeDue is { } due ? $"案件编号 {number}，按时限应于 {Open311Answers.W3c(due)} 前办结" : $"案件编号 {number}";

    /// <summary>Masks mainland mobile numbers and resident identity-card numbers found in free text.</summary>
    public static string Redact(string text)
    {
        text = MobileInText().Replace(text, m => Masking.Mobile(m.Value));
        return IdNumberInText().Replace(text, m => Masking.IdNumber(m.Value));
    }

    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex MobileInText();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberInText();

    /// <summary>
    /// POST requests: maps the spec's fields onto a report draft and runs the intake pipeline (one transaction: nothing
    /// half-stored). Returns the 201 answer or the spec's errors with CityOps' field names translated to Open311's.
    /// </summary>
    public async Task<Open311Document> SubmitAsync(Open311Client client, IReadOnlyDictionary<string, string?> fields, Open311Format format, CancellationToken ct)
    {
        string? Field(string name) => fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var code = Field("service_code");
        if (code is null)
        {
            return Open311Answers.BadRequest(format, "service_code was not provided: it is required (GET services.xml lists them)");
        }

        var service = catalogue.Find(code);
        if (service is null)
        {
            return Open311Answers.NotFound(format, $"service_code {code} was not found (GET services.xml lists the services)");
        }

        var errors = new List<Open311Error>();
        double? Coordinate(string name)
        {
            var raw = Field(name);
            if (raw is null)
            {
                return null;
            }

            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            {
                return v;
            }

            errors.Add(new Open311Error(400, $"{name} must be a decimal number (WGS84 degrees)"));
            return null;
        }

        var lat = Coordinate("lat");
        var lon = Coordinate("long");
        var addressString = Field("address_string");
        var addressId = Field("address_id");
        if (errors.Count == 0)
        {
            if ((lat is null) != (lon is null))
            {
                errors.Add(new Open311Error(400, "lat and long must be sent together"));
            }
            else if (lat is null && addressString is null)
            {
                errors.Add(new Open311Error(400, addressId is null
                    ? "A location is required: lat and long, or address_string (or address_id)"
                    : "address_id cannot be resolved: this jurisdiction has no master address repository; send lat and long or address_string"));
            }
        }

        var media = Field("media_url");
        if (media is not null && (media.Length > MaxMediaUrlLength || media.Any(char.IsWhiteSpace)
            || !Uri.TryCreate(media, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add(new Open311Error(400, $"media_url must be an absolute http or https URL of at most {MaxMediaUrlLength} characters"));
        }

        var description = Field("description");
        var mediaLine = media is null ? "" : "\n" + MediaLinePrefix + media;
        if (description is not null && description.Length + mediaLine.Length > IntakeService.MaxTextLength)
        {
            errors.Add(new Open311Error(400, media is null
                ? $"description: at most {IntakeService.MaxTextLength} characters"
                : $"description: at most {IntakeService.MaxTextLength - mediaLine.Length} characters when media_url is sent"));
        }

        if (errors.Count > 0)
        {
            return Open311Answers.Errors(format, errors);
        }

        // The spec makes description optional; CityOps needs a text, so a bare request says what it is about.
        var text = (description ?? $"（Open311 报告：{service.Name}，未附文字描述）") + mediaLine;
        var draft = new ReportDraft(ReportChannel.Open311, Text: text, CategoryCode: service.Code, Longitude: lon, Latitude: lat, Crs: null,
            Address: addressString, ReporterName: FullName(Field("first_name"), Field("last_name")), ReporterPhone: Field("phone"),
            ReporterEmail: Field("email"), ExternalId: null, Source: "open311:" + client.Name, Photos: null);
        var actor = new CurrentUser("open311:" + client.Name, "open311:" + client.Name, client.Name, [], null, AreaCodes.City, null);

        IntakeResult? result;
        Platform.Hosting.FieldErrors fieldErrors;
        try
        {
            (result, fieldErrors) = await intake.SubmitAsync(actor, draft, ct);
        }
        catch (CalendarYearMissingException missing)
        {
            return Open311Answers.BadRequest(format,
                $"General service error: the working-day calendar for {missing.Year} is not loaded yet, so no deadline can be set; please try again later");
        }

        if (result is null)
        {
            return Open311Answers.Errors(format, fieldErrors.ToDictionary()
                .SelectMany(e => e.Value.Select(rule => new Open311Error(400, $"{Open311FieldName(e.Key)}: {rule}"))).ToList());
        }

        var i = result.Incident;
        var notice = (result.Merged ? $"已受理，与已有案件 {i.Number} 为同一问题，已并入办理" : $"已受理，案件编号 {i.Number}")
            + (i.Status == IncidentStatus.Triage ? "，待值班员分拣后派遣" : i.UnitCode is { } unit ? $"，已派遣至{router.UnitName(unit).Zh}" : "")
            + $"，按时限应于 {Open311Answers.W3c(i.CloseDueAt)} 前办结";
        var id = result.ReportId.ToString(CultureInfo.InvariantCulture);
        var answer = Open311Answers.List("service_requests", "request",
            [new O311Object().Add("service_request_id", id).Add("token", result.Token).Add("service_notice", notice).Add("account_id", null)],
            format, StatusCodes.Status201Created);
        answer.Location = $"/open311/v2/requests/{id}.{(format == Open311Format.Json ? "json" : "xml")}";
        return answer;
    }

    /// <summary>CityOps' draft field names as the Open311 client knows them.</summary>
    public static string Open311FieldName(string cityOpsField) => cityOpsField switch
    {
        "text" => "description",
        "categoryCode" => "service_code",
        "longitude" => "long",
        "latitude" => "lat",
        "address" => "address_string",
        "reporterName" or "callerName" => "first_name/last_name",
        "reporterPhone" or "callerPhone" => "phone",
        "reporterEmail" => "email",
        _ => cityOpsField,
    };

    /// <summary>"John Smith", or "王小明" when both parts are Chinese (family name first, no space).</summary>
    public static string? FullName(string? first, string? last)
    {
        if (first is null || last is null)
        {
            return first ?? last;
        }

        return IsChinese(first) && IsChinese(last) ? last + first : $"{first} {last}";
    }

    private static bool IsChinese(string s) => s.All(c => c is (>= '\u4e00' and <= '\u9fff') or (>= '\u3400' and <= '\u4dbf') or '·');
}
