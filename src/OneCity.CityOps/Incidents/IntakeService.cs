using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Classification;
using OneCity.CityOps.Data;
using OneCity.CityOps.Location;
using OneCity.Platform.Audit;
using OneCity.Platform.Geography;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;

namespace OneCity.CityOps.Incidents;

/// <summary>A report as any channel hands it in, before validation.</summary>
internal sealed record ReportDraft(
    ReportChannel Channel,
    string? Text,
    string? CategoryCode = null,
    double? Longitude = null,
    double? Latitude = null,
    string? Crs = null,
    string? Address = null,
    string? ReporterName = null,
    string? ReporterPhone = null,
    string? ReporterEmail = null,
    string? ExternalId = null,
    string? Source = null,
    IReadOnlyList<PhotoUpload>? Photos = null);

internal sealed record PhotoUpload(string ContentType, byte[] Content);

/// <summary>What intake did with a report.</summary>
internal sealed record IntakeResult(long ReportId, string Token, Incident Incident, bool Merged, double? MergeScore, bool Existing);

/// <summary>
/// One pipeline for every channel: validate → classify → locate → route → duplicate check → persist → dispatch, in
/// one transaction, so a report is durable before its 201 and nothing is half-stored.
/// </summary>
internal sealed class IntakeService(
    CityOpsDbContext db,
    CategoryTree categories,
    ReportClassifier classifier,
    IncidentLocator locator,
    LoopEngine loop,
    PersonalDataProtector protector,
    AuditLedger ledger,
    Live.IncidentFeed feed,
    TimeProvider clock)
{
    public const int MaxTextLength = 2000;
    public const int MaxPhotoBytes = 5 * 1024 * 1024;
    public const int MaxPhotos = 5;

    public static FieldErrors Validate(ReportDraft d, CategoryTree categories)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(d.Text))
        {
            errors.Add("text", "required: describe the problem");
        }
        else if (d.Text.Length > MaxTextLength)
        {
            errors.Add("text", $"at most {MaxTextLength} characters");
        }

        if (d.CategoryCode is not null && !CategoryTree.IsAssignable(categories.Find(d.CategoryCode)))
        {
            errors.Add("categoryCode", "must be the code of a leaf category or a hotline topic (GET /api/cityops/categories)");
        }

        if ((d.Longitude is null) != (d.Latitude is null))
        {
            errors.Add(d.Longitude is null ? "longitude" : "latitude", "longitude and latitude come together");
        }

        if (d.Longitude is { } lon && (double.IsNaN(lon) || lon is < -180 or > 180))
        {
            errors.Add("longitude", "between -180 and 180");
        }

        if (d.Latitude is { } lat && (double.IsNaN(lat) || lat is < -90 or > 90))
        {
            errors.Add("latitude", "between -90 and 90");
        }

        if (d.Crs is not null && Gcj02.Parse(d.Crs) is null)
        {
            errors.Add("crs", "wgs84 or gcj02");
        }

        if (d.Address is { Length: > 400 })
        {
            errors.Add("address", "at most 400 characters");
        }

        var hotline = d.Channel == ReportChannel.Hotline;
        if (d.ReporterName is { Length: > 50 })
        {
            errors.Add(hotline ? "callerName" : "reporterName", "at most 50 characters");
        }

        if (d.ReporterPhone is { } phone && !IsPhone(phone))
        {
            errors.Add(hotline ? "callerPhone" : "reporterPhone", "a mainland mobile number (11 digits) or a landline (digits, optionally with area code and '-')");
        }

        if (d.ReporterEmail is { } email && (email.Length > 200 || !email.Contains('@', StringComparison.Ordinal)))
        {
            errors.Add("reporterEmail", "an email address of at most 200 characters");
        }

        if (d.ExternalId is { Length: > 80 })
        {
            errors.Add("externalId", "at most 80 characters");
        }

        if (d.Photos is { } photos)
        {
            if (photos.Count > MaxPhotos)
            {
                errors.Add("photos", $"at most {MaxPhotos} photos");
            }

            foreach (var p in photos)
            {
                if (p.Content.Length is 0 or > MaxPhotoBytes || !Photos.IsImage(p.Content))
                {
                    errors.Add("photos", $"JPEG, PNG or WebP images of at most {MaxPhotoBytes / 1024 / 1024} MB");
                    break;
                }
            }
        }

        return errors;
    }

    private static bool IsPhone(string phone) =>
        MobileNumber.IsValid(phone) || (phone.Length is >= 7 and <= 20 && phone.All(c => char.IsAsciiDigit(c) || c == '-') && phone.Count(char.IsAsciiDigit) >= 7);

    /// <summary>Runs the whole pipeline; returns field errors instead when the draft is invalid.</summary>
    public async Task<(IntakeResult? Result, FieldErrors Errors)> SubmitAsync(CurrentUser actor, ReportDraft draft, CancellationToken ct)
    {
        var errors = Validate(draft, categories);
        if (errors.Any)
        {
            return (null, errors);
        }

        var source = draft.Source ?? actor.UserName;
        if (draft.ExternalId is not null)
        {
            var existing = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(r => r.Source == source && r.ExternalId == draft.ExternalId, ct);
            if (existing is not null)
            {
                var incident = await db.Set<Incident>().AsNoTracking().FirstAsync(i => i.Id == existing.IncidentId, ct);
                return (new IntakeResult(existing.Id, existing.Token, incident, existing.MergeScore is not null, existing.MergeScore, Existing: true), errors);
            }
        }

        var now = clock.GetUtcNow();
        var text = draft.Text!.Trim();
        var (category, confidence, suggested) = Classify(draft, text);
        var located = locator.Locate(draft.Longitude, draft.Latitude, Gcj02.Parse(draft.Crs) ?? CoordinateSystem.Wgs84, draft.Address, text);

        var report = new Report
        {
            Channel = draft.Channel,
            Text = text,
            Longitude = located.Longitude ?? draft.Longitude,
            Latitude = located.Latitude ?? draft.Latitude,
            Address = draft.Address?.Trim(),
            ReporterNameCipher = protector.ProtectOrNull(draft.ReporterName?.Trim()),
            ReporterPhoneCipher = protector.ProtectOrNull(draft.ReporterPhone is null ? null : MobileNumber.Normalise(draft.ReporterPhone) ?? draft.ReporterPhone.Trim()),
            ReporterEmailCipher = protector.ProtectOrNull(draft.ReporterEmail?.Trim()),
            ReporterUserId = actor.IsInRole(Roles.Citizen) || actor.IsInRole(Roles.CompanyRepresentative) || draft.Channel == ReportChannel.Inspector ? actor.UserId : null,
            Source = source,
            ExternalId = draft.ExternalId,
            Token = NewToken(),
            ReceivedAt = now,
        };

        // Duplicate check: an open incident of the same category, near in space and time, with similar text.
        // Storm suppression first: many machine alarms of one category in one subdistrict become one incident.
        var storm = draft.Channel is ReportChannel.Sensor or ReportChannel.Camera ? await StormIncidentAsync(category.Code, located, now, ct) : null;
        var candidate = storm is null ? await BestCandidateAsync(category.Code, located, text, now, excludeId: null, ct) : null;
        Incident target;
        var merged = storm is not null || candidate is { Score: >= Duplicates.MergeScore };
        if (merged)
        {
            target = await db.Set<Incident>().FirstAsync(i => i.Id == (storm ?? candidate!.IncidentId), ct);
            report.MergeScore = candidate?.Score ?? 1.0;
            target.Reports.Add(report);
            target.ReportCount++;
            target.Version++;
            target.UpdatedAt = now;
            loop.Note(target, "system", "merged", candidate is null
                ? $"告警风暴抑制：{Channels.Zh(draft.Channel)}在同一街道的同类告警并入本案（第 {target.ReportCount} 条）"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{Channels.Zh(draft.Channel)}的新报告并入本案：得分 {candidate.Score:0.00}（距离 {candidate.DistanceMetres:0} 米，相隔 {candidate.HoursApart:0.#} 小时，文本相似度 {candidate.TextSimilarity:0.00}）"), null, now);
        }
        else
        {
            target = loop.NewIncident(category, confidence, suggested, located, report, draft.Channel, now);
            target.Reports.Add(report);
            db.Add(target);
            if (target.Status != IncidentStatus.Triage)
            {
                // Registered: dispatch at once when the responsibility list names a unit; otherwise it waits in triage.
                loop.AutoDispatch(target, now);
            }
        }

        AttachPhotos(target, report, draft.Photos, actor, now);

        try
        {
            await Performance.KpiWriter.SaveAsync(db, loop.Day(now), ct);
        }
        catch (DbUpdateException) when (draft.ExternalId is not null)
        {
            // A concurrent delivery of the same external id won the unique index: answer with that one.
            db.ChangeTracker.Clear();
            var winner = await db.Set<Report>().AsNoTracking().FirstAsync(r => r.Source == source && r.ExternalId == draft.ExternalId, ct);
            var incident = await db.Set<Incident>().AsNoTracking().FirstAsync(i => i.Id == winner.IncidentId, ct);
            return (new IntakeResult(winner.Id, winner.Token, incident, winner.MergeScore is not null, winner.MergeScore, Existing: true), errors);
        }

        feed.Publish(target, category.NameZh);
        await ledger.AppendAsync(actor, new AuditRecord(merged ? "cityops.report-merged" : "cityops.report-received", "incident", target.Number,
            Purpose: "city-operations", Details: $"report {report.Id} via {draft.Channel}; category {target.CategoryCode}; status {target.Status}"
                + (target.UnitCode is null ? "" : $"; unit {target.UnitCode}; rule {target.RuleId}"),
            Subjects: actor.PersonId is { } person && report.ReporterUserId == actor.UserId ? [person] : null), ct);
        return (new IntakeResult(report.Id, report.Token, target, merged, report.MergeScore, Existing: false), errors);
    }

    /// <summary>What intake would do with a text and place, for the call-taker while still on the phone: top categories, location, unit.</summary>
    public (Classification.ClassificationResult Classification, Located Located, Responsibility.RouteResult? Route) Suggest(string text, double? lon, double? lat, string? crs, string? address, string? categoryCode)
    {
        var classification = classifier.Classify(text);
        var located = locator.Locate(lon, lat, Gcj02.Parse(crs) ?? CoordinateSystem.Wgs84, address, text);
        var code = categoryCode ?? classification.CategoryCode;
        return (classification, located, CategoryTree.IsAssignable(categories.Find(code)) ? loop.Router.Route(code, located.DistrictCode, located.SubdistrictCode) : null);
    }

    private (Category Category, double Confidence, string? Suggested) Classify(ReportDraft draft, string text)
    {
        if (draft.CategoryCode is not null)
        {
            return (categories.Find(draft.CategoryCode)!, 1.0, null);
        }

        var result = classifier.Classify(text);
        var category = categories.Find(result.CategoryCode) is { } c && CategoryTree.IsAssignable(c) ? c : categories.Find("1601")!;
        return (category, result.Confidence, category.Code);
    }

    private void AttachPhotos(Incident incident, Report report, IReadOnlyList<PhotoUpload>? photos, CurrentUser actor, DateTimeOffset now)
    {
        foreach (var p in photos ?? [])
        {
            db.Add(new IncidentPhoto
            {
                Kind = "evidence", ContentType = p.ContentType, Content = p.Content, UploadedAt = now, UploadedBy = actor.UserName,
                Incident = incident, Report = report,
            });
        }
    }

    /// <summary>
    /// Storm suppression: the open incident, first reported by a sensor or camera within <see cref="Duplicates.StormWindow"/>,
    /// of the same category in the same subdistrict (or area when no subdistrict is known), that a new machine alarm joins.
    /// </summary>
    public async Task<long?> StormIncidentAsync(string category, Located located, DateTimeOffset at, CancellationToken ct)
    {
        var since = at - Duplicates.StormWindow;
        var area = located.SubdistrictCode ?? located.AreaCode;
        if (area is null)
        {
            return null;
        }

        var open = new[] { IncidentStatus.Triage, IncidentStatus.Registered, IncidentStatus.Dispatched, IncidentStatus.Handling, IncidentStatus.Bounced, IncidentStatus.Disputed };
        var machine = new[] { ReportChannel.Sensor, ReportChannel.Camera };
        var q = db.Set<Incident>().AsNoTracking()
            .Where(i => i.CategoryCode == category && open.Contains(i.Status) && machine.Contains(i.FirstChannel) && i.ReportedAt >= since && i.ReportedAt <= at);
        q = located.SubdistrictCode is not null ? q.Where(i => i.SubdistrictCode == area) : q.Where(i => i.AreaCode == area);
        return await q.OrderByDescending(i => i.ReportedAt).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The most similar open incident of the category (bounding box and time window in SQL, scoring in memory).</summary>
    public async Task<MergeCandidate?> BestCandidateAsync(string category, Located located, string text, DateTimeOffset at, long? excludeId, CancellationToken ct) =>
        (await CandidatesAsync(category, located, text, at, excludeId, 1, ct)).FirstOrDefault();

    public async Task<IReadOnlyList<MergeCandidate>> CandidatesAsync(string category, Located located, string text, DateTimeOffset at, long? excludeId, int take, CancellationToken ct)
    {
        var since = at - Duplicates.Window;
        var open = new[] { IncidentStatus.Triage, IncidentStatus.Registered, IncidentStatus.Dispatched, IncidentStatus.Handling, IncidentStatus.Bounced, IncidentStatus.Disputed, IncidentStatus.Handled };
        var q = db.Set<Incident>().AsNoTracking()
            .Where(i => i.CategoryCode == category && open.Contains(i.Status) && i.ReportedAt >= since && i.ReportedAt <= at);
        if (excludeId is { } ex)
        {
            q = q.Where(i => i.Id != ex);
        }

        List<(long Id, string Number, double? Lon, double? Lat, DateTimeOffset At, string Text, string? Area)> rows;
        if (located.Longitude is { } lon && located.Latitude is { } lat && located.Source == "coordinates")
        {
            rows = (await q.Where(i => i.Latitude >= lat - Duplicates.LatSpan && i.Latitude <= lat + Duplicates.LatSpan
                        && i.Longitude >= lon - Duplicates.LonSpan && i.Longitude <= lon + Duplicates.LonSpan)
                    .OrderByDescending(i => i.ReportedAt).Take(50)
                    .Select(i => new { i.Id, i.Number, i.Longitude, i.Latitude, i.ReportedAt, i.Description, i.AreaCode }).ToListAsync(ct))
                .Select(i => (i.Id, i.Number, i.Longitude, i.Latitude, i.ReportedAt, i.Description, i.AreaCode)).ToList();
        }
        else if (located.AreaCode is { } area)
        {
            // Only an area is known: the same area stands in for "near" (scored as half the radius away).
            rows = (await q.Where(i => i.AreaCode == area).OrderByDescending(i => i.ReportedAt).Take(50)
                    .Select(i => new { i.Id, i.Number, i.Longitude, i.Latitude, i.ReportedAt, i.Description, i.AreaCode }).ToListAsync(ct))
                .Select(i => (i.Id, i.Number, i.Longitude, i.Latitude, i.ReportedAt, i.Description, i.AreaCode)).ToList();
        }
        else
        {
            return [];
        }

        return rows.Select(r =>
            {
                var distance = located.Source == "coordinates" && r.Lon is { } x && r.Lat is { } y
                    ? Duplicates.DistanceMetres(located.Longitude!.Value, located.Latitude!.Value, x, y)
                    : Duplicates.RadiusMetres / 2;
                var similarity = Duplicates.TextSimilarity(text, r.Text);
                return new MergeCandidate(r.Id, r.Number, Duplicates.Score(distance, at - r.At, similarity), Math.Round(distance, 1), Math.Round(Math.Abs((at - r.At).TotalHours), 2), Math.Round(similarity, 3));
            })
            .Where(c => c.DistanceMetres <= Duplicates.RadiusMetres && c.Score >= Duplicates.SuggestScore)
            .OrderByDescending(c => c.Score).Take(take).ToList();
    }

    internal static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

}
