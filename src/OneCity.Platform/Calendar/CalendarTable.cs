namespace OneCity.Platform.Calendar;

/// <summary>One day listed in a holiday-cn file: a day off, or a weekend day worked (调休上班).</summary>
internal readonly record struct SpecialDay(DateOnly Date, bool IsOffDay, string Name);

/// <summary>The special days published for one year (a file may list late-December days of the previous year).</summary>
internal sealed record CalendarYearData(int Year, IReadOnlyList<SpecialDay> Days);

/// <summary>
/// The immutable in-memory calendar: one byte per day from 1 January of the first loaded year to 31 December of the
/// last, plus prefix sums of working days, so counting is a subtraction and adding working days a binary search.
/// Days of years without data are marked unknown; any operation that touches one throws.
/// </summary>
internal sealed class CalendarTable
{
    private const byte Unknown = 0xFF;

    public static readonly CalendarTable Empty = new(0, 0, [], [], [], [], []);

    private readonly int firstYear;
    private readonly int firstDayNumber;
    private readonly byte[] kinds;
    private readonly string?[] names;

    // workdaysBefore[i]: working days among days [0, i); unknownBefore[i]: unknown days among [0, i).
    private readonly int[] workdaysBefore;
    private readonly int[] unknownBefore;

    private CalendarTable(int firstYear, int firstDayNumber, byte[] kinds, string?[] names, int[] workdaysBefore, int[] unknownBefore, int[] loadedYears)
    {
        this.firstYear = firstYear;
        this.firstDayNumber = firstDayNumber;
        this.kinds = kinds;
        this.names = names;
        this.workdaysBefore = workdaysBefore;
        this.unknownBefore = unknownBefore;
        LoadedYears = loadedYears;
    }

    public IReadOnlyList<int> LoadedYears { get; }

    public static CalendarTable Build(IEnumerable<CalendarYearData> years)
    {
        var list = years.OrderBy(y => y.Year).ToList();
        if (list.Count == 0)
        {
            return Empty;
        }

        var first = list[0].Year;
        var last = list[^1].Year;
        var firstDay = new DateOnly(first, 1, 1).DayNumber;
        var length = new DateOnly(last, 12, 31).DayNumber - firstDay + 1;
        var kinds = new byte[length];
        var names = new string?[length];
        Array.Fill(kinds, Unknown);
        var loaded = list.Select(y => y.Year).Distinct().ToArray();
        foreach (var year in loaded)
        {
            var start = new DateOnly(year, 1, 1);
            var days = DateTime.IsLeapYear(year) ? 366 : 365;
            for (var i = 0; i < days; i++)
            {
                var d = start.AddDays(i);
                kinds[d.DayNumber - firstDay] = (byte)(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend : DayKind.Workday);
            }
        }

        // Ascending file order: a later year's notice governs the late-December days it lists (e.g. 2023.json lists 2022-12-31).
        foreach (var year in list)
        {
            foreach (var day in year.Days)
            {
                var i = day.Date.DayNumber - firstDay;
                if (i < 0 || i >= length || kinds[i] == Unknown)
                {
                    continue;
                }

                kinds[i] = (byte)(day.IsOffDay ? DayKind.Holiday : DayKind.AdjustedWorkday);
                names[i] = day.Name;
            }
        }

        var workdays = new int[length + 1];
        var unknown = new int[length + 1];
        for (var i = 0; i < length; i++)
        {
            var k = kinds[i];
            workdays[i + 1] = workdays[i] + (k is (byte)DayKind.Workday or (byte)DayKind.AdjustedWorkday ? 1 : 0);
            unknown[i + 1] = unknown[i] + (k == Unknown ? 1 : 0);
        }

        return new CalendarTable(first, firstDay, kinds, names, workdays, unknown, loaded);
    }

    public bool HasYear(int year)
    {
        if (year is < 1 or > 9998)
        {
            return false;
        }

        var i = new DateOnly(year, 1, 1).DayNumber - firstDayNumber;
        return i >= 0 && i < kinds.Length && kinds[i] != Unknown;
    }

    public CalendarDay Get(DateOnly date)
    {
        var i = IndexOf(date);
        return new CalendarDay(date, (DayKind)kinds[i], names[i]);
    }

    public bool IsWorkday(DateOnly date)
    {
        var k = kinds[IndexOf(date)];
        return k is (byte)DayKind.Workday or (byte)DayKind.AdjustedWorkday;
    }

    public DateOnly AddWorkdays(DateOnly from, int days)
    {
        var i = IndexOf(from);
        long target;
        if (days > 0)
        {
            target = workdaysBefore[i + 1] + days;
        }
        else if (days == 0)
        {
            target = workdaysBefore[i] + 1;
        }
        else
        {
            target = workdaysBefore[i] + days + 1;
            if (target < 1)
            {
                throw new CalendarYearMissingException(firstYear - 1);
            }
        }

        // The answer is day k-1 for the smallest k with workdaysBefore[k] >= target.
        var k = target > workdaysBefore[^1] ? kinds.Length + 1 : LowerBound((int)target);
        if (k > kinds.Length)
        {
            throw new CalendarYearMissingException(MissingYearAfter(i));
        }

        var j = k - 1;
        var (lo, hi) = j < i ? (j, i) : (i, j);
        if (unknownBefore[hi + 1] - unknownBefore[lo] != 0)
        {
            throw new CalendarYearMissingException(FirstUnknownYear(lo, hi));
        }

        return DateOnly.FromDayNumber(firstDayNumber + j);
    }

    public int CountWorkdays(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -CountWorkdays(to, from);
        }

        var i = IndexOf(from);
        var j = IndexOf(to);
        if (unknownBefore[j + 1] - unknownBefore[i] != 0)
        {
            throw new CalendarYearMissingException(FirstUnknownYear(i, j));
        }

        return workdaysBefore[j + 1] - workdaysBefore[i + 1];
    }

    private int IndexOf(DateOnly date)
    {
        var i = date.DayNumber - firstDayNumber;
        if ((uint)i >= (uint)kinds.Length || kinds[i] == Unknown)
        {
            throw new CalendarYearMissingException(date.Year);
        }

        return i;
    }

    private int LowerBound(int target)
    {
        int lo = 0, hi = workdaysBefore.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (workdaysBefore[mid] < target)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int FirstUnknownYear(int lo, int hi)
    {
        for (var i = lo; i <= hi; i++)
        {
            if (kinds[i] == Unknown)
            {
                return DateOnly.FromDayNumber(firstDayNumber + i).Year;
            }
        }

        return firstYear;
    }

    private int MissingYearAfter(int i)
    {
        for (var x = i; x < kinds.Length; x++)
        {
            if (kinds[x] == Unknown)
            {
                return DateOnly.FromDayNumber(firstDayNumber + x).Year;
            }
        }

        return DateOnly.FromDayNumber(firstDayNumber + kinds.Length - 1).Year + 1;
    }
}
