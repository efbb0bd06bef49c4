using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Geography;

/// <summary>Reads and writes the geography tables, and builds the demo city's geography from the embedded files.</summary>
internal static class GeographyStore
{
    private const int BatchSize = 2000;

    public static async Task<GeographySnapshot> LoadAsync(PlatformDbContext db, CancellationToken ct)
    {
        var areas = await db.Set<GeoArea>().AsNoTracking().ToListAsync(ct);
        var grids = await db.Set<GeoGrid>().AsNoTracking().ToListAsync(ct);
        var shapes = areas.AsParallel().Select(AreaShape.From).ToList();
        return GeographySnapshot.Build(shapes, grids);
    }

    /// <summary>Inserts areas and grids in batches without change tracking: ~70,000 rows in seconds.</summary>
    public static async Task InsertAsync(PlatformDbContext db, IEnumerable<GeoArea> areas, IEnumerable<GeoGrid> grids, CancellationToken ct)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var batch in areas.Chunk(BatchSize))
            {
                db.Set<GeoArea>().AddRange(batch);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            foreach (var batch in grids.Chunk(BatchSize * 5))
            {
                db.Set<GeoGrid>().AddRange(batch);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public static GeoArea ToEntity(AreaShape a, DateTimeOffset now) => new()
    {
        Code = a.Code, Level = a.Level, ParentCode = a.ParentCode, NameZh = a.NameZh, NameEn = a.NameEn,
        Synthetic = a.Synthetic, GeometryJson = a.Geometry is null ? null : GeoJson.Write(a.Geometry),
        GeometrySource = a.Source, UpdatedAt = now,
    };

    /// <summary>The demo city: real district outlines (declared GCJ-02), real subdistrict and neighbourhood names, synthetic geometry below.</summary>
    public static List<AreaShape> DemoAreas()
    {
        var areas = new List<AreaShape>
        {
            new() { Code = AreaCodes.City, Level = AreaLevel.City, NameZh = "上海市", NameEn = "Shanghai" },
        };
        using (var doc = JsonDocument.Parse(DemoFiles.ReadText("shanghai_districts_310000.geojson")))
        {
            foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var props = feature.GetProperty("properties");
                var code = props.GetProperty("adcode").ToString();
                var district = ShanghaiDistricts.Find(code) ?? throw new InvalidOperationException($"Unknown district {code} in the demo file.");
                var geometry = Gcj02.Convert(GeoJson.Read(feature.GetProperty("geometry")), CoordinateSystem.Gcj02, CoordinateSystem.Wgs84);
                areas.Add(new AreaShape
                {
                    Code = code, Level = AreaLevel.District, ParentCode = AreaCodes.City,
                    NameZh = props.GetProperty("name").GetString() ?? district.NameZh, NameEn = district.NameEn,
                    Geometry = GeoJson.MakeValidPolygonal(geometry),
                    Source = "DataV GeoAtlas (demo data), declared gcj02",
                });
            }
        }

        foreach (var row in DemoFiles.ReadCsv("shanghai_subdistricts.csv"))
        {
            var (code, name) = (row[0], row[1]);
            areas.Add(new AreaShape
            {
                Code = code, Level = AreaLevel.Subdistrict, ParentCode = row[2], NameZh = name, Synthetic = true,
                NameEn = (name.EndsWith('镇') ? "Town " : "Subdistrict ") + code,
            });
        }

        foreach (var row in DemoFiles.ReadCsv("shanghai_neighbourhoods.csv"))
        {
            var (code, name) = (row[0], row[1]);
            areas.Add(new AreaShape
            {
                Code = code, Level = AreaLevel.Neighbourhood, ParentCode = row[2], NameZh = name, Synthetic = true,
                NameEn = (name.EndsWith("村委会", StringComparison.Ordinal) ? "Village " : "Neighbourhood ") + code,
            });
        }

        GeographySnapshot.UniteCity(areas);
        GeographySnapshot.Synthesise(areas);
        return areas;
    }
}
