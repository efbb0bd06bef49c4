using System.Globalization;
using OneCity.Platform.Registries.Population;

namespace OneCity.Platform.Tests.Registries;

public sealed class AgeTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("1966-11-28", "2026-11-27", 59)]
    [InlineData("1966-11-28", "2026-11-28", 60)]
    [InlineData("2026-11-20", "2026-11-28", 0)]
    [InlineData("2008-02-29", "2026-02-27", 17)]
    [InlineData("2008-02-29", "2026-02-28", 18)]
    [InlineData("2008-02-29", "2028-02-29", 20)]
    public void AgeCountsCompletedYears(string birth, string day, int years) => Assert.Equal(years, Age.On(D(birth), D(day)));
}
