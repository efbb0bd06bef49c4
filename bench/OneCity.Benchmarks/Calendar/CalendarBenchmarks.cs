using BenchmarkDotNet.Attributes;
using OneCity.Platform.Calendar;

namespace OneCity.Benchmarks.Calendar;

/// <summary>
/// Working-day arithmetic on the in-memory calendar (2020–2026 from holiday-cn).
/// dotnet run -c Release --project bench/OneCity.Benchmarks -- --filter '*Calendar*' --job short
/// </summary>
[MemoryDiagnoser]
public class CalendarBenchmarks
{
    private const int Operations = 1000;
    private WorkingCalendar calendar = null!;
    private DateOnly[] dates = [];
    private DateTimeOffset[] instants = [];

    [GlobalSetup]
    public void Setup()
    {
        calendar = new WorkingCalendar(CalendarOptions.Default, TimeProvider.System);
        calendar.Load(HolidayCn.LoadEmbedded());
        var random = new Random(42);
        var start = new DateOnly(2020, 1, 1);
        dates = Enumerable.Range(0, Operations).Select(_ => start.AddDays(random.Next(0, 6 * 365))).ToArray();
        instants = dates.Select(d => new DateTimeOffset(d.ToDateTime(new TimeOnly(random.Next(0, 24), random.Next(0, 60))), TimeSpan.FromHours(8))).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public int IsWorkday()
    {
        var n = 0;
        foreach (var d in dates)
        {
            n += calendar.IsWorkday(d) ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public int AddWorkdays20()
    {
        var n = 0;
        foreach (var d in dates)
        {
            n += calendar.AddWorkdays(d, 20).Day;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public int CountWorkdaysOverAYear()
    {
        var n = 0;
        foreach (var d in dates)
        {
            n += calendar.CountWorkdays(d, d.AddDays(365));
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long AddWorkingHours()
    {
        var n = 0L;
        foreach (var t in instants)
        {
            n += calendar.AddWorkingHours(t, TimeSpan.FromHours(20)).Ticks;
        }

        return n;
    }
}
