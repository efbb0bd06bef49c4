using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Data;

namespace OneCity.GovServices.Catalogue;

/// <summary>JSON settings for catalogue and bundle definitions: web defaults, and unknown properties are an error.</summary>
internal static class GovJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}

/// <summary>A bundle version applicants can apply for.</summary>
internal sealed record BundleVersion(BundleDefinition Definition, int Version, DateTimeOffset? PublishedAt);

/// <summary>An immutable view of the catalogue: every service, and the newest published version of every bundle.</summary>
internal sealed class CatalogueSnapshot(IReadOnlyDictionary<string, ServiceDefinition> services, IReadOnlyDictionary<string, BundleVersion> bundles)
{
    public static readonly CatalogueSnapshot Empty = new(new Dictionary<string, ServiceDefinition>(), new Dictionary<string, BundleVersion>());

    public IReadOnlyDictionary<string, ServiceDefinition> Services { get; } = services;

    public IReadOnlyDictionary<string, BundleVersion> Bundles { get; } = bundles;
}

/// <summary>
/// The catalogue held in memory (it changes only when an administrator publishes), so that browsing and submitting
/// never query definitions. <see cref="ReloadAsync"/> swaps in a new snapshot after a change; older bundle versions
/// (which applications keep) are read on demand and cached.
/// </summary>
internal sealed class GovCatalogue(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<(string, int), BundleDefinition> versions = new();
    private volatile CatalogueSnapshot snapshot = CatalogueSnapshot.Empty;
    private volatile bool loaded;

    public CatalogueSnapshot Snapshot => snapshot;

    public async Task<CatalogueSnapshot> GetAsync(CancellationToken ct)
    {
        if (!loaded)
        {
            await ReloadAsync(ct);
        }

        return snapshot;
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GovServicesDbContext>();
        var serviceRows = await db.Set<ServiceRow>().AsNoTracking().ToListAsync(ct);
        var services = serviceRows.ToDictionary(r => r.Code, r => JsonSerializer.Deserialize<ServiceDefinition>(r.DefinitionJson, GovJson.Options)!, StringComparer.Ordinal);
        var published = await db.Set<BundleVersionRow>().AsNoTracking().Where(v => v.Status == BundleVersionStatus.Published).ToListAsync(ct);
        var bundles = published.GroupBy(v => v.BundleCode).Select(g => g.MaxBy(v => v.Version)!)
            .ToDictionary(v => v.BundleCode, v => new BundleVersion(JsonSerializer.Deserialize<BundleDefinition>(v.DefinitionJson, GovJson.Options)!, v.Version, v.PublishedAt), StringComparer.Ordinal);
        snapshot = new CatalogueSnapshot(services, bundles);
        loaded = true;
    }

    /// <summary>The definition an application was submitted under.</summary>
    public async Task<BundleDefinition?> GetVersionAsync(string code, int version, CancellationToken ct)
    {
        if (snapshot.Bundles.TryGetValue(code, out var current) && current.Version == version)
        {
            return current.Definition;
        }

        if (versions.TryGetValue((code, version), out var cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GovServicesDbContext>();
        var json = await db.Set<BundleVersionRow>().AsNoTracking().Where(v => v.BundleCode == code && v.Version == version).Select(v => v.DefinitionJson).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            return null;
        }

        var def = JsonSerializer.Deserialize<BundleDefinition>(json, GovJson.Options)!;
        versions[(code, version)] = def;
        return def;
    }
}
