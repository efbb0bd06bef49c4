using OneCity.CityOps.Categories;
using OneCity.Platform.Geography;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Location;

/// <summary>Where a report is: the areas it falls in and how that was found.</summary>
internal sealed record Located(
    double? Longitude,
    double? Latitude,
    string? DistrictCode,
    string? SubdistrictCode,
    string? GridId,
    string? AreaCode,
    string Source)
{
    public bool Needed => AreaCode is null;

    public static readonly Located Unknown = new(null, null, null, null, null, null, "needed");
}

/// <summary>
/// From coordinates to district, subdistrict and grid (the platform's geography index); for reports that give only an
/// address, a gazetteer of area names (districts, subdistricts, towns, neighbourhoods) and major road names;
/// otherwise "location needed".
/// </summary>
internal sealed class IncidentLocator(AreaLocator areas)
{
    private readonly object gate = new();
    private Dictionary<string, (string Code, int Level)>? names;

    public const int MaxNameLength = 16;

    public Located Locate(double? lon, double? lat, CoordinateSystem crs, string? address, string? text)
    {
        if (lon is { } x && lat is { } y)
        {
            var wgs = crs == CoordinateSystem.Gcj02 ? Gcj02.ToWgs84(x, y) : (x, y);
            var hit = areas.Locate(wgs.Item1, wgs.Item2);
            if (hit is not null)
            {
                return new Located(wgs.Item1, wgs.Item2, hit.District.Code, hit.Subdistrict?.Code, hit.Grid?.Id, hit.Code, "coordinates");
            }
        }

        foreach (var source in new[] { address, text })
        {
            if (!string.IsNullOrWhiteSpace(source) && Gazetteer(source) is { } code)
            {
                var district = code[..6];
                var subdistrict = code.Length >= 9 ? code[..9] : null;
                var point = areas.InteriorPoint(code);
                return new Located(point?.Lon, point?.Lat, district, subdistrict, null, code, "gazetteer");
            }
        }

        return Located.Unknown;
    }

    /// <summary>The most specific area whose name appears in the text (longest name wins at equal specificity).</summary>
    public string? Gazetteer(string text)
    {
        var index = Names();
        string? best = null;
        var bestLevel = -1;
        var bestLength = 0;
        for (var i = 0; i < text.Length; i++)
        {
            for (var len = 2; len <= MaxNameLength && i + len <= text.Length; len++)
            {
                if (index.TryGetValue(text.Substring(i, len), out var hit) && (hit.Level > bestLevel || (hit.Level == bestLevel && len > bestLength)))
                {
                    (best, bestLevel, bestLength) = (hit.Code, hit.Level, len);
                }
            }
        }

        return best;
    }

    private Dictionary<string, (string Code, int Level)> Names()
    {
        if (names is { } ready)
        {
            return ready;
        }

        lock (gate)
        {
            if (names is not null)
            {
                return names;
            }

            var map = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
            void Add(string name, string code, int level)
            {
                if (name.Length is >= 2 and <= MaxNameLength && (!map.TryGetValue(name, out var old) || old.Item2 < level))
                {
                    map[name] = (code, level);
                }
            }

            foreach (var row in CategoryTree.ReadCsv(CategoryTree.ReadResource("roads.csv")))
            {
                Add(row[0], row[1], (int)AreaLevel.District);
            }

            foreach (var a in areas.NamedAreas())
            {
                Add(a.Name, a.Code, (int)a.Level);
                foreach (var suffix in new[] { "街道", "居委会", "村委会", "社区" })
                {
                    if (a.Name.EndsWith(suffix, StringComparison.Ordinal) && a.Name.Length - suffix.Length >= 2)
                    {
                        Add(a.Name[..^suffix.Length], a.Code, (int)a.Level);
                    }
                }

                if (a.Level == AreaLevel.District && a.Name.EndsWith('区') && a.Name.Length >= 3)
                {
                    Add(a.Name[..^1], a.Code, (int)a.Level);
                }
            }

            names = map;
            return map;
        }
    }

    /// <summary>Forget the names after an administrator replaced boundaries.</summary>
    public void Reset() => names = null;
}
