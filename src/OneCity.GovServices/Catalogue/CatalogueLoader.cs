using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Data;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries.ELicences;

namespace OneCity.GovServices.Catalogue;

/// <summary>
/// Loads the catalogue files (<c>DemoData/services.json</c>, <c>DemoData/bundles/*.json</c>, embedded) into the database.
/// Services are upserted. A bundle is inserted as version 1; when its file changes later and the newest version is
/// still the seeded one, the file becomes a new published version (an administrator's versions are never overwritten).
/// Invalid files stop start-up with the path and rule that failed.
/// </summary>
internal static class CatalogueLoader
{
    public const string SeedEditor = "seed";
    private const string Prefix = "OneCity.GovServices.DemoData.";

    public static IReadOnlyList<ServiceDefinition> ReadServices()
    {
        using var stream = typeof(CatalogueLoader).Assembly.GetManifestResourceStream(Prefix + "services.json")
            ?? throw new InvalidOperationException("services.json is not embedded.");
        return JsonSerializer.Deserialize<List<ServiceDefinition>>(stream, GovJson.Options) ?? [];
    }

    public static IReadOnlyList<BundleDefinition> ReadBundles()
    {
        var assembly = typeof(CatalogueLoader).Assembly;
        var list = new List<BundleDefinition>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix + "bundles.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            try
            {
                list.Add(JsonSerializer.Deserialize<BundleDefinition>(stream, GovJson.Options)!);
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{name}: {e.Message}", e);
            }
        }

        return list;
    }

    /// <summary>(path, rule) problems of a service definition.</summary>
    public static IReadOnlyList<(string Path, string Rule)> ValidateService(ServiceDefinition s)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(s.Code) || s.Code.Length > 40)
        {
            errors.Add(("code", "required, at most 40"));
        }

        if (DepartmentLines.All.All(l => l.Code != s.DepartmentLine))
        {
            errors.Add(("departmentLine", $"unknown line {s.DepartmentLine}"));
        }

        if (s.PromisedDays < 0 || s.PromisedDays > s.StatutoryDays)
        {
            errors.Add(("promisedDays", "0 ≤ promised ≤ statutory"));
        }

        if (s.Output is { } o && ELicenceTypes.Find(o) is null)
        {
            errors.Add(("output", $"unknown e-licence type {o}"));
        }

        foreach (var (m, i) in s.Materials.Select((m, i) => (m, i)))
        {
            var problem = m.Source switch
            {
                MaterialSource.ELicence when m.ELicenceType is null || ELicenceTypes.Find(m.ELicenceType) is null => "an e-licence material needs a known eLicenceType",
                MaterialSource.Registry when string.IsNullOrWhiteSpace(m.Dataset) => "a registry material needs a dataset",
                MaterialSource.Commitment when string.IsNullOrWhiteSpace(m.CommitmentZh) => "a commitment needs its text",
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(($"materials[{i}]", problem));
            }
        }

        return errors;
    }

    public static async Task LoadAsync(GovServicesDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var services = ReadServices();
        foreach (var s in services)
        {
            if (ValidateService(s) is { Count: > 0 } e)
            {
                throw new InvalidOperationException($"services.json {s.Code}: " + string.Join("; ", e.Select(x => $"{x.Path}: {x.Rule}")));
            }
        }

        var rows = await db.Set<ServiceRow>().ToDictionaryAsync(r => r.Code, ct);
        foreach (var s in services)
        {
            var json = JsonSerializer.Serialize(s, GovJson.Options);
            if (!rows.TryGetValue(s.Code, out var row))
            {
                db.Add(new ServiceRow { Code = s.Code, NameZh = s.NameZh, NameEn = s.NameEn, DepartmentLine = s.DepartmentLine, Kind = s.Kind, DefinitionJson = json, UpdatedAt = now });
            }
            else if (row.DefinitionJson != json)
            {
                (row.NameZh, row.NameEn, row.DepartmentLine, row.Kind, row.DefinitionJson, row.UpdatedAt) = (s.NameZh, s.NameEn, s.DepartmentLine, s.Kind, json, now);
            }
        }

        var byCode = services.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var latest = (await db.Set<BundleVersionRow>().ToListAsync(ct)).GroupBy(v => v.BundleCode).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!);
        foreach (var b in ReadBundles())
        {
            if (BundleValidator.Validate(b, byCode) is { Count: > 0 } e)
            {
                throw new InvalidOperationException($"bundle {b.Code}: " + string.Join("; ", e.Select(x => $"{x.Path}: {x.Rule}")));
            }

            var json = JsonSerializer.Serialize(b, GovJson.Options);
            latest.TryGetValue(b.Code, out var last);
            if (last is not null && (last.EditedBy != SeedEditor || last.DefinitionJson == json))
            {
                continue;
            }

            db.Add(new BundleVersionRow
            {
                BundleCode = b.Code, Version = (last?.Version ?? 0) + 1, Status = BundleVersionStatus.Published, DefinitionJson = json,
                EditedBy = SeedEditor, EditedAt = now, PublishedBy = SeedEditor, PublishedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
