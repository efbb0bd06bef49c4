using System.Security.Cryptography;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Classification;
using OneCity.CityOps.Location;
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
/// One pipeline for every channel: validate → classify → locate → duplicate check → persist → route and dispatch, the
/// last steps in the <see cref="IntakeWriter"/>'s group commit, so a report is durable before its 201 and nothing is half-stored.
/// </summary>
internal sealed class IntakeService(
    CategoryTree categories,
    ReportClassifier classifier,
    IncidentLocator locator,
    LoopEngine loop,
    IntakeWriter writer,
    PersonalDataProtector protector,
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

    /// <summary>
    /// Runs the whole pipeline; returns field errors instead when the draft is invalid. Validation, classification,
    /// location and encryption run here, concurrently; idempotency, duplicate check, persistence and dispatch run in the
    /// <see cref="IntakeWriter"/>'s next group commit, which this waits for. The audit ledger entry commits with the report; the live map follows the commit.
    /// </summary>
    public async Task<(IntakeResult? Result, FieldErrors Errors)> SubmitAsync(CurrentUser actor, ReportDraft draft, CancellationToken ct)
    {
        var errors = Validate(draft, categories);
        if (errors.Any)
        {
            return (null, errors);
        }

        var source = draft.Source ?? actor.UserName;
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

        var result = await writer.WriteAsync(new IntakeWork(actor, draft, source, category, confidence, suggested, located, report, now), ct);
        if (result.Existing)
        {
            return (result, errors);
        }

        var target = result.Incident;
        feed.Publish(target, category.NameZh);
        return (result, errors);
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

    internal static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
