using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Data;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Ckan;

/// <summary>An organisation (owning department) as the CKAN API and the DCAT catalogue expose it.</summary>
internal sealed record CkanOrganisation(string Code, string Name, string Id, string TitleZh, string TitleEn)
{
    public string Title => TitleZh.Length > 0 ? TitleZh : TitleEn;
}

/// <summary>One distribution of a published dataset: the portal's download in one format.</summary>
internal sealed record CkanResource(string Id, string Format, string Extension, string MimeType, int Position);

/// <summary>A published dataset with everything the search needs precomputed (lower-cased text, facet values).</summary>
internal sealed class CkanPackage
{
    public required Dataset Dataset { get; init; }

    public required string Id { get; init; }

    /// <summary>URL-safe slug: the dataset code lower-cased.</summary>
    public required string Name { get; init; }

    public required CkanOrganisation Organisation { get; init; }

    public required string[] Tags { get; init; }

    /// <summary>Stable tag ids, parallel to <see cref="Tags"/> (hashed once here, not per request).</summary>
    public required string[] TagIds { get; init; }

    /// <summary>CKAN timestamps, formatted once: created, modified, data updated, published (or created).</summary>
    public required (string Created, string Modified, string DataUpdated, string Published) Times { get; init; }

    public required CkanResource[] Resources { get; init; }

    public required string LicenseId { get; init; }

    /// <summary>Title (zh + en), lower-cased: matches here score higher.</summary>
    public required string TitleText { get; init; }

    /// <summary>Title, notes, tags, organisation, code, theme, lower-cased: what free text is searched in.</summary>
    public required string Text { get; init; }

    /// <summary>Sort key for <c>title_string</c>.</summary>
    public required string TitleSort { get; init; }

    public string Title => Dataset.TitleZh.Length > 0 ? Dataset.TitleZh : Dataset.TitleEn;
}

/// <summary>
/// An immutable snapshot of every published, open dataset, shaped for the CKAN API: a name and id map, facet posting
/// sets, and precomputed lower-cased search text. Searches run over it without touching the database.
/// </summary>
internal sealed class CkanSnapshot
{
    public static readonly CkanSnapshot Empty = Build([], []);

    private CkanSnapshot(CkanPackage[] packages, CkanOrganisation[] organisations)
    {
        Packages = packages;
        Organisations = organisations;
        ByName = packages.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        ById = packages.ToFrozenDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        ResourcesById = packages.SelectMany(p => p.Resources.Select(r => (r, p))).ToFrozenDictionary(x => x.r.Id, x => (x.r, x.p), StringComparer.OrdinalIgnoreCase);
        OrganisationsByKey = organisations.SelectMany(o => new[] { (o.Name, o), (o.Id, o), (o.Code, o) })
            .DistinctBy(x => x.Item1, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(x => x.Item1, x => x.o, StringComparer.OrdinalIgnoreCase);
        PackagesByOrganisation = packages.GroupBy(p => p.Organisation.Name).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Newest change first (the order of <c>current_package_list_with_resources</c>).</summary>
    public CkanPackage[] Packages { get; }

    public CkanOrganisation[] Organisations { get; }

    public FrozenDictionary<string, CkanPackage> ByName { get; }

    public FrozenDictionary<string, CkanPackage> ById { get; }

    public FrozenDictionary<string, (CkanResource Resource, CkanPackage Package)> ResourcesById { get; }

    public FrozenDictionary<string, CkanOrganisation> OrganisationsByKey { get; }

    public FrozenDictionary<string, CkanPackage[]> PackagesByOrganisation { get; }

    public CkanPackage? FindPackage(string idOrName) =>
        ByName.TryGetValue(idOrName, out var p) ? p : ById.GetValueOrDefault(idOrName);

    /// <summary>Only datasets published on the portal and open or conditionally open are exposed.</summary>
    public static bool IsExposed(Dataset d) => d.Published && d.OpenType is OpenType.Open or OpenType.ConditionalOpen;

    public static CkanSnapshot Build(IEnumerable<Dataset> datasets, IEnumerable<Department> departments)
    {
        var byCode = departments.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
        var organisations = new Dictionary<string, CkanOrganisation>(StringComparer.OrdinalIgnoreCase);
        var packages = new List<CkanPackage>();
        foreach (var d in datasets.Where(IsExposed))
        {
            if (!organisations.TryGetValue(d.OwnerDepartmentCode, out var org))
            {
                var dept = byCode.GetValueOrDefault(d.OwnerDepartmentCode);
                org = new CkanOrganisation(d.OwnerDepartmentCode, Slug(d.OwnerDepartmentCode), StableId("org:" + d.OwnerDepartmentCode),
                    dept?.NameZh ?? d.OwnerDepartmentCode, dept?.NameEn ?? d.OwnerDepartmentCode);
                organisations[d.OwnerDepartmentCode] = org;
            }

            packages.Add(ToPackage(d, org));
        }

        return new CkanSnapshot(
            [.. packages.OrderByDescending(p => p.Dataset.MetadataUpdatedAt).ThenBy(p => p.Name, StringComparer.Ordinal)],
            [.. organisations.Values.OrderBy(o => o.Name, StringComparer.Ordinal)]);
    }

    private static CkanPackage ToPackage(Dataset d, CkanOrganisation org)
    {
        var name = Slug(d.Code);
        var tags = d.Keywords.Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        List<CkanResource> resources =
        [
            new(StableId("res:" + d.Code + ":csv"), "CSV", "csv", "text/csv", 0),
            new(StableId("res:" + d.Code + ":json"), "JSON", "json", "application/json", 1),
        ];
        if (d.Spatial)
        {
            resources.Add(new(StableId("res:" + d.Code + ":geojson"), "GeoJSON", "geojson", "application/geo+json", 2));
        }

        var titleText = (d.TitleZh + " \u0001 " + d.TitleEn).ToLowerInvariant();
        var text = string.Join(" \u0001 ", d.TitleZh, d.TitleEn, d.DescriptionZh, d.DescriptionEn, string.Join(" \u0001 ", tags),
            org.TitleZh, org.TitleEn, org.Name, name, d.Theme).ToLowerInvariant();
        return new CkanPackage
        {
            Dataset = d,
            Id = StableId("pkg:" + d.Code),
            Name = name,
            Organisation = org,
            Tags = tags,
            TagIds = [.. tags.Select(t => StableId("tag:" + t))],
            Times = (CkanTime(d.CreatedAt), CkanTime(d.MetadataUpdatedAt), CkanTime(d.DataUpdatedAt), CkanTime(d.PublishedAt ?? d.CreatedAt)),
            Resources = [.. resources],
            LicenseId = d.Licence.Length == 0 ? "notspecified" : Slug(d.Licence),
            TitleText = titleText,
            Text = text,
            TitleSort = (d.TitleZh.Length > 0 ? d.TitleZh : d.TitleEn).ToLowerInvariant(),
        };
    }

    /// <summary>Lower-case, URL-safe: letters, digits, '-' and '_' kept, everything else becomes '-'.</summary>
    public static string Slug(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            sb.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' ? c : '-');
        }

        return sb.ToString();
    }

    /// <summary>A name-based UUID (SHA-1, version 5 layout) so ids stay the same across rebuilds and databases.</summary>
    public static string StableId(string key)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("onecity-datahub:" + key));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return Convert.ToHexStringLower(bytes).Insert(20, "-").Insert(16, "-").Insert(12, "-").Insert(8, "-");
    }

    /// <summary>CKAN's timestamp format: ISO 8601, UTC, microseconds, no offset.</summary>
    public static string CkanTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}

/// <summary>
/// Holds the current <see cref="CkanSnapshot"/>. Freshness: at most every <c>DataHub:Ckan:FreshnessSeconds</c>
/// (default 5) a request checks a cheap change stamp (count and newest metadata change of exposed datasets) and
/// rebuilds the snapshot when it moved; every <c>DataHub:Ckan:RebuildMinutes</c> (default 5) it is rebuilt anyway
/// (department renames). <see cref="Invalidate"/> forces a rebuild on the next request.
/// </summary>
internal sealed class CkanIndex(IServiceScopeFactory scopes, TimeProvider time, CkanOptions options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile CkanSnapshot? snapshot;
    private (int Count, DateTimeOffset? Newest) stamp;
    private DateTimeOffset checkedAt;
    private DateTimeOffset builtAt;

    public void Invalidate() => snapshot = null;

    /// <summary>For the benchmark and tests: serve a snapshot built elsewhere.</summary>
    public void Replace(CkanSnapshot value)
    {
        snapshot = value;
        checkedAt = builtAt = DateTimeOffset.MaxValue;
    }

    public async Task<CkanSnapshot> GetAsync(CancellationToken ct)
    {
        var current = snapshot;
        var now = time.GetUtcNow();
        if (current is not null && now - checkedAt < options.Freshness)
        {
            return current;
        }

        await gate.WaitAsync(ct);
        try
        {
            current = snapshot;
            now = time.GetUtcNow();
            if (current is not null && now - checkedAt < options.Freshness)
            {
                return current;
            }

            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<DataHubDbContext>();
            var newStamp = await StampAsync(db, ct);
            checkedAt = now;
            if (current is not null && newStamp == stamp && now - builtAt < options.Rebuild)
            {
                return current;
            }

            var datasets = await Exposed(db).AsNoTracking().ToListAsync(ct);
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var codes = datasets.Select(d => d.OwnerDepartmentCode).Distinct().ToList();
            var departments = await platform.Set<Department>().AsNoTracking().Where(d => codes.Contains(d.Code)).ToListAsync(ct);
            current = CkanSnapshot.Build(datasets, departments);
            snapshot = current;
            stamp = newStamp;
            builtAt = now;
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    private static IQueryable<Dataset> Exposed(DataHubDbContext db) =>
        db.Set<Dataset>().Where(d => d.Published && (d.OpenType == OpenType.Open || d.OpenType == OpenType.ConditionalOpen));

    private static async Task<(int, DateTimeOffset?)> StampAsync(DataHubDbContext db, CancellationToken ct)
    {
        var count = await Exposed(db).CountAsync(ct);
        var newest = await Exposed(db).OrderByDescending(d => d.MetadataUpdatedAt).Select(d => (DateTimeOffset?)d.MetadataUpdatedAt).FirstOrDefaultAsync(ct);
        return (count, newest);
    }
}

internal sealed record CkanOptions(TimeSpan Freshness, TimeSpan Rebuild);
