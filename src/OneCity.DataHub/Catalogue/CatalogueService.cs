using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Contracts;
using OneCity.DataHub.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Catalogue;

/// <summary>The catalogue's queries and the stewards' commands (classification, publishing); every change is audited.</summary>
internal sealed class CatalogueService(DataHubDbContext db, QualityCache quality, AuditLedger audit, TimeProvider clock)
{
    public static readonly string[] StewardRoles = [Roles.DataSteward, Roles.SystemAdministrator];

    public static bool IsSteward(CurrentUser user) => StewardRoles.Any(user.IsInRole);

    private static string Names<TEnum>()
        where TEnum : struct, Enum => "one of " + string.Join(", ", Enum.GetNames<TEnum>());

    /// <summary>Validates the filters; null when they are fine.</summary>
    public static FieldErrors Validate(CatalogueQuery q)
    {
        var errors = new FieldErrors();
        if (q.Level is { Length: > 0 } && !EnumNames.TryParse<DataLevel>(q.Level, out _))
        {
            errors.Add("level", "must be " + Names<DataLevel>());
        }

        if (q.Sharing is { Length: > 0 } && !EnumNames.TryParse<SharingType>(q.Sharing, out _))
        {
            errors.Add("sharing", "must be " + Names<SharingType>());
        }

        if (q.Open is { Length: > 0 } && !EnumNames.TryParse<OpenType>(q.Open, out _))
        {
            errors.Add("open", "must be " + Names<OpenType>());
        }

        if (q.Text?.Length > 100)
        {
            errors.Add("text", "at most 100 characters");
        }

        if (q.Page < 1)
        {
            errors.Add("page", "must be 1 or more");
        }

        if (q.PageSize is < 1 or > 100)
        {
            errors.Add("pageSize", "must be between 1 and 100");
        }

        return errors;
    }

    /// <summary>Searches the catalogue; <paramref name="publishedOnly"/> limits it to the open-data portal's view.</summary>
    public async Task<CataloguePage> SearchAsync(CatalogueQuery q, bool publishedOnly, CancellationToken ct)
    {
        var query = db.Set<Dataset>().AsNoTracking().Include(d => d.Fields).AsQueryable();
        if (publishedOnly)
        {
            query = query.Where(d => d.Published && d.OpenType != OpenType.NotOpen);
        }

        if (q.Department is { Length: > 0 } dept)
        {
            query = query.Where(d => d.OwnerDepartmentCode == dept);
        }

        if (EnumNames.TryParse<DataLevel>(q.Level, out var level))
        {
            query = query.Where(d => d.Level == level);
        }

        if (EnumNames.TryParse<SharingType>(q.Sharing, out var sharing))
        {
            query = query.Where(d => d.SharingType == sharing);
        }

        if (EnumNames.TryParse<OpenType>(q.Open, out var open))
        {
            query = query.Where(d => d.OpenType == open);
        }

        if (q.Theme is { Length: > 0 } theme)
        {
            query = query.Where(d => d.Theme == theme);
        }

        if (q.Text is { Length: > 0 } text)
        {
            var t = text.Trim().ToLowerInvariant();

            // ToLower() is translated to SQL lower() by both providers; it never runs with the process culture.
#pragma warning disable CA1304, CA1311
            query = query.Where(d => d.Code.ToLower().Contains(t) || d.TitleZh.Contains(t) || d.TitleEn.ToLower().Contains(t)
                || d.Keywords.ToLower().Contains(t) || d.DescriptionZh.Contains(t) || d.DescriptionEn.ToLower().Contains(t));
#pragma warning restore CA1304, CA1311
        }

        var total = await query.CountAsync(ct);
        var page = Math.Max(1, q.Page);
        var size = Math.Clamp(q.PageSize, 1, 100);
        var items = await query.OrderBy(d => d.Code).Skip((page - 1) * size).Take(size).AsSplitQuery().ToListAsync(ct);
        var summaries = new List<DatasetSummary>(items.Count);
        foreach (var d in items)
        {
            summaries.Add(await SummaryAsync(d, ct));
        }

        return new CataloguePage(summaries, total, page, size);
    }

    public async Task<IReadOnlyList<string>> ThemesAsync(bool publishedOnly, CancellationToken ct) =>
        await db.Set<Dataset>().Where(d => !publishedOnly || d.Published).Select(d => d.Theme).Distinct().OrderBy(t => t).ToListAsync(ct);

    public async Task<IReadOnlyList<string>> DepartmentsAsync(bool publishedOnly, CancellationToken ct) =>
        await db.Set<Dataset>().Where(d => !publishedOnly || d.Published).Select(d => d.OwnerDepartmentCode).Distinct().OrderBy(t => t).ToListAsync(ct);

    public async Task<Dataset?> FindAsync(string code, CancellationToken ct) =>
        await db.Set<Dataset>().Include(d => d.Fields).FirstOrDefaultAsync(d => d.Code == code, ct);

    public async Task<DatasetDetail?> GetAsync(string code, CancellationToken ct) =>
        await FindAsync(code, ct) is { } d ? await DetailAsync(d, ct) : null;

    public async Task<DatasetDetail> DetailAsync(Dataset d, CancellationToken ct)
    {
        var count = await db.Set<DatasetRecord>().LongCountAsync(r => r.DatasetCode == d.Code, ct);
        return new DatasetDetail(await SummaryAsync(d, ct), d.DescriptionZh, d.DescriptionEn, d.SourceSystem, d.Keywords, d.KeyField, d.Licence,
            d.PublishedAt, d.MetadataUpdatedAt, count,
            [.. d.Fields.OrderBy(f => f.Position).Select(f => new DatasetFieldView(f.Position, f.Name, f.TitleZh, f.TitleEn, f.Type, f.Required, f.PersonalClass.ToString(), f.MaskKind, f.DescriptionZh))]);
    }

    private async Task<DatasetSummary> SummaryAsync(Dataset d, CancellationToken ct) =>
        new(d.Code, d.TitleZh, d.TitleEn, d.OwnerDepartmentCode, d.Theme, d.Level.ToString(), d.SharingType.ToString(), d.OpenType.ToString(),
            d.Source.ToString(), d.UpdateFrequency.ToString(), d.Spatial, d.Published, d.DataUpdatedAt,
            await quality.GetAsync(db, d, clock.GetUtcNow(), ct));

    public async Task<DataHubOutcome<DatasetDetail>> ChangeClassificationAsync(CurrentUser user, string code, ClassificationChange change, CancellationToken ct)
    {
        var errors = new FieldErrors();
        DataLevel level = default;
        SharingType sharing = default;
        OpenType open = default;
        if (change.Level is not null && !EnumNames.TryParse(change.Level, out level))
        {
            errors.Add("level", "must be " + Names<DataLevel>());
        }

        if (change.SharingType is not null && !EnumNames.TryParse(change.SharingType, out sharing))
        {
            errors.Add("sharingType", "must be " + Names<SharingType>());
        }

        if (change.OpenType is not null && !EnumNames.TryParse(change.OpenType, out open))
        {
            errors.Add("openType", "must be " + Names<OpenType>());
        }

        if (change.Level is null && change.SharingType is null && change.OpenType is null)
        {
            errors.Add("level", "give at least one of level, sharingType, openType");
        }

        if (change.Reason?.Length > 500)
        {
            errors.Add("reason", "at most 500 characters");
        }

        if (errors.Any)
        {
            return new(null, 400, Errors: errors.ToDictionary());
        }

        if (await FindAsync(code, ct) is not { } d)
        {
            return new(null, 404, $"No dataset {code}.");
        }

        var before = new { level = d.Level.ToString(), sharingType = d.SharingType.ToString(), openType = d.OpenType.ToString() };
        if (change.Level is not null)
        {
            d.Level = level;
        }

        if (change.SharingType is not null)
        {
            d.SharingType = sharing;
        }

        if (change.OpenType is not null)
        {
            d.OpenType = open;
        }

        // A dataset reclassified as not open cannot stay on the portal.
        var withdrawn = d.Published && d.OpenType == OpenType.NotOpen;
        if (withdrawn)
        {
            d.Published = false;
            d.PublishedAt = null;
        }

        d.MetadataUpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        quality.Invalidate(code);
        var after = new { level = d.Level.ToString(), sharingType = d.SharingType.ToString(), openType = d.OpenType.ToString(), withdrawn };
        await audit.AppendAsync(user, new AuditRecord("datahub.dataset.classify", "dataset", code, Purpose: change.Reason,
            Details: JsonSerializer.Serialize(new { before, after })), ct);
        return new(await DetailAsync(d, ct), 200);
    }

    public async Task<DataHubOutcome<DatasetDetail>> ChangeFieldAsync(CurrentUser user, string code, string field, FieldClassificationChange change, CancellationToken ct)
    {
        var errors = new FieldErrors();
        PersonalClass personal = default;
        if (change.PersonalClass is not null && !EnumNames.TryParse(change.PersonalClass, out personal))
        {
            errors.Add("personalClass", "must be " + Names<PersonalClass>());
        }

        if (change.MaskKind is { Length: > 0 } mk && mk is not ("name" or "idNumber" or "mobile" or "address" or "full"))
        {
            errors.Add("maskKind", "must be one of name, idNumber, mobile, address, full");
        }

        if (change.PersonalClass is null && change.Required is null && change.MaskKind is null)
        {
            errors.Add("personalClass", "give at least one of personalClass, required, maskKind");
        }

        if (change.Reason?.Length > 500)
        {
            errors.Add("reason", "at most 500 characters");
        }

        if (errors.Any)
        {
            return new(null, 400, Errors: errors.ToDictionary());
        }

        if (await FindAsync(code, ct) is not { } d)
        {
            return new(null, 404, $"No dataset {code}.");
        }

        if (d.Fields.FirstOrDefault(f => f.Name == field) is not { } f)
        {
            return new(null, 404, $"Dataset {code} has no field {field}.");
        }

        var before = new { personalClass = f.PersonalClass.ToString(), f.Required, f.MaskKind };
        if (change.PersonalClass is not null)
        {
            f.PersonalClass = personal;
        }

        if (change.Required is { } req)
        {
            f.Required = req;
        }

        if (change.MaskKind is not null)
        {
            f.MaskKind = change.MaskKind.Length == 0 ? null : change.MaskKind;
        }

        // A personal field found in a published dataset takes it off the portal at once.
        var withdrawn = d.Published && f.PersonalClass != PersonalClass.None;
        if (withdrawn)
        {
            d.Published = false;
            d.PublishedAt = null;
        }

        d.MetadataUpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        quality.Invalidate(code);
        await audit.AppendAsync(user, new AuditRecord("datahub.field.classify", "dataset-field", code + "/" + field, Purpose: change.Reason,
            Details: JsonSerializer.Serialize(new { before, after = new { personalClass = f.PersonalClass.ToString(), f.Required, f.MaskKind, withdrawn } })), ct);
        return new(await DetailAsync(d, ct), 200);
    }

    /// <summary>Publishes on the open-data portal; refused when any field is personal or the dataset is not open.</summary>
    public async Task<DataHubOutcome<DatasetDetail>> PublishAsync(CurrentUser user, string code, CancellationToken ct)
    {
        if (await FindAsync(code, ct) is not { } d)
        {
            return new(null, 404, $"No dataset {code}.");
        }

        var personal = d.Fields.Where(f => f.PersonalClass != PersonalClass.None).OrderBy(f => f.Position).Select(f => f.Name).ToList();
        if (personal.Count > 0)
        {
            return new(null, StatusCodes.Status422UnprocessableEntity,
                $"Dataset {code} contains personal fields and cannot be published: {string.Join(", ", personal)}.",
                new Dictionary<string, string[]> { ["fields"] = [.. personal] }, "Personal fields cannot be published");
        }

        if (d.OpenType == OpenType.NotOpen)
        {
            return new(null, StatusCodes.Status422UnprocessableEntity, $"Dataset {code} is classified NotOpen (非开放) and cannot be published.",
                new Dictionary<string, string[]> { ["openType"] = ["must be Open or ConditionalOpen to publish"] }, "Dataset is not open");
        }

        if (d.Source != DatasetSource.Stored)
        {
            return new(null, StatusCodes.Status422UnprocessableEntity, $"Dataset {code} is served live by {d.Source}; only stored datasets are published on the portal.",
                new Dictionary<string, string[]> { ["source"] = ["must be Stored to publish"] }, "Dataset is not stored");
        }

        if (!d.Published)
        {
            d.Published = true;
            d.PublishedAt = clock.GetUtcNow();
            d.MetadataUpdatedAt = d.PublishedAt.Value;
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(user, new AuditRecord("datahub.dataset.publish", "dataset", code, Details: JsonSerializer.Serialize(new { openType = d.OpenType.ToString() })), ct);
        }

        return new(await DetailAsync(d, ct), 200);
    }

    public async Task<DataHubOutcome<DatasetDetail>> UnpublishAsync(CurrentUser user, string code, CancellationToken ct)
    {
        if (await FindAsync(code, ct) is not { } d)
        {
            return new(null, 404, $"No dataset {code}.");
        }

        if (d.Published)
        {
            d.Published = false;
            d.PublishedAt = null;
            d.MetadataUpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(user, new AuditRecord("datahub.dataset.unpublish", "dataset", code), ct);
        }

        return new(await DetailAsync(d, ct), 200);
    }
}
