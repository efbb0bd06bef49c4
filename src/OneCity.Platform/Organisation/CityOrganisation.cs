using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;

namespace OneCity.Platform.Organisation;

/// <summary>
/// The city's departments, loaded once at the first start in every mode: each line of <see cref="DepartmentLines"/> at
/// city level, its counterpart in every district, and the office of every subdistrict and town (codes from the
/// statistical division list, see DemoData/SOURCE.md).
/// </summary>
internal static class CityOrganisation
{
    public static async Task LoadAsync(PlatformDbContext db, CancellationToken ct)
    {
        if (await db.Set<Department>().AnyAsync(ct))
        {
            return;
        }

        var departments = new List<Department>();
        foreach (var line in DepartmentLines.All)
        {
            var cityCode = $"SH-{line.Code}";
            departments.Add(new Department
            {
                Code = cityCode, NameZh = line.CityNameZh, NameEn = line.CityNameEn,
                Level = AreaLevel.City, AreaCode = AreaCodes.City, Line = line.Code,
            });
            if (!line.HasDistrictCounterpart)
            {
                continue;
            }

            foreach (var d in ShanghaiDistricts.All)
            {
                departments.Add(new Department
                {
                    Code = $"{d.Code}-{line.Code}",
                    NameZh = d.NameZh + line.DistrictSuffixZh,
                    NameEn = $"{d.NameEn} {line.DistrictNameEn}",
                    Level = AreaLevel.District, AreaCode = d.Code, Line = line.Code, ParentCode = cityCode,
                });
            }
        }

        foreach (var (code, name, district) in ReadSubdistricts())
        {
            var isTown = name.EndsWith('镇');
            departments.Add(new Department
            {
                Code = $"{code}-{DepartmentLines.SubdistrictOffice}",
                NameZh = isTown ? name + "人民政府" : name + "办事处",
                NameEn = isTown ? $"Town government {code}" : $"Subdistrict office {code}",
                Level = AreaLevel.Subdistrict, AreaCode = code, Line = DepartmentLines.SubdistrictOffice,
                ParentCode = null,
            });
        }

        db.Set<Department>().AddRange(departments);
        await db.SaveChangesAsync(ct);
    }

    internal static IEnumerable<(string Code, string Name, string District)> ReadSubdistricts()
    {
        foreach (var row in DemoFiles.ReadCsv("shanghai_subdistricts.csv"))
        {
            yield return (row[0], row[1], row[2]);
        }
    }
}
