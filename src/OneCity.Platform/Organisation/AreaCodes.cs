namespace OneCity.Platform.Organisation;

/// <summary>
/// Area codes are hierarchical: 310000 (city, GB/T 2260), 310101 (district), 310101002 (subdistrict,
/// 9-digit statistical code), 310101002001 (neighbourhood, 12-digit). A grid id carries its
/// neighbourhood code as prefix. Hence "does jurisdiction J cover area A" is a prefix test.
/// </summary>
public static class AreaCodes
{
    public const string City = "310000";

    /// <summary>True when an authority over <paramref name="jurisdiction"/> extends to <paramref name="area"/>.</summary>
    public static bool Covers(string jurisdiction, string area)
    {
        if (jurisdiction == City)
        {
            return true;
        }

        return area.StartsWith(jurisdiction, StringComparison.Ordinal);
    }

    public static AreaLevel LevelOf(string code) => code.Length switch
    {
        6 when code == City => AreaLevel.City,
        6 => AreaLevel.District,
        9 => AreaLevel.Subdistrict,
        12 => AreaLevel.Neighbourhood,
        _ => AreaLevel.Grid,
    };
}

public enum AreaLevel
{
    City = 0,
    District = 1,
    Subdistrict = 2,
    Neighbourhood = 3,
    Grid = 4,
}
