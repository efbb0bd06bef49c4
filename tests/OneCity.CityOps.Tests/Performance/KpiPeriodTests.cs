using OneCity.CityOps.Performance;

namespace OneCity.CityOps.Tests.Performance;

/// <summary>How the KPI query cuts a period into day cells and month cells, and bounds an area's codes.</summary>
public sealed class KpiPeriodTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void AYearIsTheDaysBeforeItsFirstWholeMonthTheWholeMonthsAndTheDaysAfter()
    {
        Assert.Equal(new KpiQueries.Periods(20251129, 20251130, 20251200, 20261000, 20261101, 20261128), KpiQueries.Periods.Split(D(2025, 11, 29), D(2026, 11, 28)));
    }

    [Fact]
    public void WholeMonthsNeedNoDayCells()
    {
        var p = KpiQueries.Periods.Split(D(2026, 9, 1), D(2026, 9, 30));
        Assert.Equal((20260900, 20260900), (p.MonthFrom, p.MonthTo));
        Assert.True(p.HeadFrom > p.HeadTo);
        Assert.True(p.TailFrom > p.TailTo);

        var q = KpiQueries.Periods.Split(D(2026, 1, 1), D(2026, 2, 28));
        Assert.Equal((20260100, 20260200), (q.MonthFrom, q.MonthTo));
        Assert.True(q.HeadFrom > q.HeadTo && q.TailFrom > q.TailTo);
    }

    [Fact]
    public void APeriodWithoutAWholeMonthIsDaysOnly()
    {
        var p = KpiQueries.Periods.Split(D(2026, 10, 30), D(2026, 11, 28));
        Assert.Equal((20261030, 20261128), (p.HeadFrom, p.HeadTo));
        Assert.True(p.MonthFrom > p.MonthTo);
        Assert.True(p.TailFrom > p.TailTo);

        var one = KpiQueries.Periods.Split(D(2026, 2, 28), D(2026, 2, 28));
        Assert.Equal((20260228, 20260228), (one.HeadFrom, one.HeadTo));
        Assert.True(one.MonthFrom > one.MonthTo);
    }

    [Fact]
    public void DaysAtOneEndOnly()
    {
        var p = KpiQueries.Periods.Split(D(2026, 8, 25), D(2026, 9, 30));
        Assert.Equal((20260825, 20260831), (p.HeadFrom, p.HeadTo));
        Assert.Equal((20260900, 20260900), (p.MonthFrom, p.MonthTo));
        Assert.True(p.TailFrom > p.TailTo);

        var q = KpiQueries.Periods.Split(D(2026, 9, 1), D(2026, 10, 5));
        Assert.True(q.HeadFrom > q.HeadTo);
        Assert.Equal((20260900, 20260900), (q.MonthFrom, q.MonthTo));
        Assert.Equal((20261001, 20261005), (q.TailFrom, q.TailTo));
    }

    [Theory]
    [InlineData("310101", "310102")]
    [InlineData("310119", "310120")]
    [InlineData("310101002", "310101003")]
    [InlineData("310101009", "310101010")]
    public void AnAreasCodesLieBelowItsUpperBound(string area, string bound)
    {
        Assert.Equal(bound, KpiQueries.UpperBound(area));
        foreach (var code in new[] { area, area + "-ZJ", area + "001", area + "002-BSC" })
        {
            Assert.True(string.CompareOrdinal(code, area) >= 0 && string.CompareOrdinal(code, bound) < 0, code);
        }

        Assert.True(string.CompareOrdinal(bound + "-ZJ", bound) >= 0);
    }
}
