using OneCity.CityOps.Categories;

namespace OneCity.CityOps.Open311;

/// <summary>One Open311 service: a leaf category of the CityOps category tree.</summary>
internal sealed record Open311Service(string Code, string Name, string Description, string Keywords, string Group);

/// <summary>
/// The service list: every leaf category (components, events, hotline topics), in the tree's order. service_code is the
/// category code, service_name its Chinese name, description its path (with the English path when it has one), group
/// its first-level category. No service has attributes, so metadata is always false. Built once: the tree is immutable.
/// </summary>
internal sealed class Open311Catalogue
{
    private readonly Dictionary<string, Open311Service> byCode;

    public Open311Catalogue(CategoryTree tree)
    {
        Services = tree.Leaves.Select(c => Describe(tree, c)).ToList();
        byCode = Services.ToDictionary(s => s.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<Open311Service> Services { get; }

    public Open311Service? Find(string? code) => code is not null && byCode.TryGetValue(code, out var s) ? s : null;

    private static Open311Service Describe(CategoryTree tree, Category c)
    {
        var pathZh = tree.Path(c.Code);
        var pathEn = tree.Path(c.Code, chinese: false);
        var lineage = tree.Lineage(c.Code).Reverse().Where(x => x.Level >= 1).ToList();
        var group = lineage.FirstOrDefault(x => x.Level == 1) ?? c;

        // Synonyms: the English name, then the ancestors' names in both languages.
        var keywords = new List<string>();
        foreach (var word in new[] { c.NameEn }.Concat(lineage.Where(x => x.Code != c.Code).SelectMany(x => new[] { x.NameZh, x.NameEn })))
        {
            if (!string.IsNullOrWhiteSpace(word) && word != c.NameZh && !keywords.Contains(word))
            {
                keywords.Add(word);
            }
        }

        return new Open311Service(c.Code, c.NameZh, pathEn == pathZh ? pathZh : $"{pathZh} ({pathEn})", string.Join(", ", keywords), group.NameZh);
    }
}
