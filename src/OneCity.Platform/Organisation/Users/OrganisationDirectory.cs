using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;

namespace OneCity.Platform.Organisation.Users;

/// <summary>A name in both languages; the page picks one.</summary>
public sealed record BilingualName(string Code, string Zh, string En);

/// <summary>Names for department and area codes, for pages that show "who am I, where do I act".</summary>
public sealed class OrganisationDirectory(PlatformDbContext db)
{
    // Subdistrict names come from the embedded reference file, so they exist with or without the demo city.
    private static readonly Lazy<Dictionary<string, string>> Subdistricts = new(() =>
        CityOrganisation.ReadSubdistricts().ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal));

    public async Task<BilingualName?> DepartmentAsync(string? code, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var d = await db.Set<Department>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        return d is null ? Derived(code) : new BilingualName(code, d.NameZh, d.NameEn);
    }

    /// <summary>The names of these departments in one query; a code not in the directory is named by <see cref="Derived"/>.</summary>
    public async Task<IReadOnlyDictionary<string, BilingualName>> DepartmentNamesAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        var found = wanted.Count == 0 ? [] : await db.Set<Department>().AsNoTracking().Where(d => wanted.Contains(d.Code))
            .ToDictionaryAsync(d => d.Code, d => new BilingualName(d.Code, d.NameZh, d.NameEn), StringComparer.Ordinal, ct);
        foreach (var code in wanted)
        {
            found.TryAdd(code, Derived(code));
        }

        return found;
    }

    public async Task<IReadOnlyList<BilingualName>> DepartmentsAsync(CancellationToken ct = default) =>
        await db.Set<Department>().AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new BilingualName(d.Code, d.NameZh, d.NameEn)).ToListAsync(ct);

    /// <summary>
    /// The name a department code implies when the directory has no row for it (a city without the demo organisation):
    /// <c>SH-&lt;line&gt;</c> is the line's city department, <c>&lt;district&gt;-&lt;line&gt;</c> its district counterpart;
    /// anything else is named by its code.
    /// </summary>
    public static BilingualName Derived(string code)
    {
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        var line = dash < 0 ? null : DepartmentLines.All.FirstOrDefault(l => l.Code == code[(dash + 1)..]);
        if (line is null)
        {
            return new BilingualName(code, code, code);
        }

        if (code[..dash] == "SH")
        {
            return new BilingualName(code, line.CityNameZh, line.CityNameEn);
        }

        return ShanghaiDistricts.Find(code[..dash]) is { } district
            ? new BilingualName(code, district.NameZh + line.DistrictSuffixZh, $"{district.NameEn} {line.DistrictNameEn}")
            : new BilingualName(code, code, code);
    }

    public static BilingualName Area(string code)
    {
        if (code == AreaCodes.City)
        {
            return new BilingualName(code, "上海市", "Shanghai");
        }

        if (ShanghaiDistricts.Find(code) is { } district)
        {
            return new BilingualName(code, district.NameZh, district.NameEn);
        }

        if (code.Length >= 9 && Subdistricts.Value.TryGetValue(code[..9], out var name))
        {
            var parent = ShanghaiDistricts.Find(code[..6]);
            var zh = (parent?.NameZh ?? "") + name + (code.Length > 9 ? " " + code : "");
            var en = $"{(code.Length > 9 ? "Area" : "Subdistrict")} {code}" + (parent is null ? "" : $", {parent.NameEn}");
            return new BilingualName(code, zh, en);
        }

        return new BilingualName(code, code, code);
    }
}
