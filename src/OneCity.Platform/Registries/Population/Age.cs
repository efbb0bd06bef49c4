namespace OneCity.Platform.Registries.Population;

/// <summary>Age in completed years, the way identity documents and benefit rules count it.</summary>
public static class Age
{
    /// <summary>Completed years on <paramref name="day"/>; someone born on 29 February turns a year older on 28 February in common years (as <see cref="DateOnly.AddYears"/> counts).</summary>
    public static int On(DateOnly birth, DateOnly day)
    {
        var years = day.Year - birth.Year;
        return birth.AddYears(years) > day ? years - 1 : years;
    }
}
