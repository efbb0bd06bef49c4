using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Calendar;

/// <summary>A year whose holiday data is loaded, and where it came from.</summary>
public sealed class CalendarYear
{
    public required int Year { get; init; }

    /// <summary><c>holiday-cn</c> for the embedded national data, <c>upload:{user}</c> for an administrator's upload.</summary>
    public required string Source { get; set; }

    /// <summary>The State Council notices the data comes from, one URL a line.</summary>
    public string? Papers { get; set; }

    public DateTimeOffset LoadedAt { get; set; }
}

/// <summary>A day listed by a year's holiday notice: off (holiday) or worked (调休上班). Ordinary weekends are not stored.</summary>
public sealed class CalendarSpecialDay
{
    /// <summary>The year of the notice (file) that lists the day; may differ from <see cref="Date"/>'s year in late December.</summary>
    public required int Year { get; init; }

    public required DateOnly Date { get; init; }

    public required bool IsOffDay { get; init; }

    public required string Name { get; init; }
}

internal sealed class CalendarYearConfiguration : IEntityTypeConfiguration<CalendarYear>
{
    public void Configure(EntityTypeBuilder<CalendarYear> b)
    {
        b.ToTable("calendar_years");
        b.HasKey(y => y.Year);
        b.Property(y => y.Year).ValueGeneratedNever();
        b.Property(y => y.Source).HasMaxLength(300);
        b.Property(y => y.Papers).HasMaxLength(4000);
    }
}

internal sealed class CalendarSpecialDayConfiguration : IEntityTypeConfiguration<CalendarSpecialDay>
{
    public void Configure(EntityTypeBuilder<CalendarSpecialDay> b)
    {
        b.ToTable("calendar_special_days");
        b.HasKey(d => new { d.Year, d.Date });
        b.Property(d => d.Name).HasMaxLength(50);
        b.HasIndex(d => d.Date);
    }
}

/// <summary>The holiday-cn file format (https://github.com/NateScarlet/holiday-cn): one year's notice.</summary>
public sealed record HolidayCnYear(int? Year, IReadOnlyList<string>? Papers, IReadOnlyList<HolidayCnDay>? Days);

public sealed record HolidayCnDay(string? Name, string? Date, bool? IsOffDay);

/// <summary>Reads and validates holiday-cn data, embedded or uploaded.</summary>
internal static partial class HolidayCn
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const string EmbeddedSource = "holiday-cn";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The years embedded in the assembly (DemoData/holiday-cn/YYYY.json).</summary>
    public static IEnumerable<int> EmbeddedYears() => typeof(HolidayCn).Assembly.GetManifestResourceNames()
        .Select(n => EmbeddedName().Match(n))
        .Where(m => m.Success)
        .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
        .Order();

    /// <summary>Every embedded year, validated: for tests, benchmarks and tools that need a calendar without a database.</summary>
    public static IReadOnlyList<CalendarYearData> LoadEmbedded() => EmbeddedYears()
        .Select(y => Validate(ReadEmbedded(y), new ValidationErrors()) ?? throw new InvalidDataException($"Embedded holiday data for {y} is invalid."))
        .ToList();

    public static HolidayCnYear ReadEmbedded(int year) =>
        JsonSerializer.Deserialize<HolidayCnYear>(Organisation.DemoFiles.ReadText($"{year.ToString(CultureInfo.InvariantCulture)}.json"), Json)
        ?? throw new InvalidDataException($"Embedded holiday data for {year} is empty.");

    /// <summary>Checks a year's data: year in range, every date valid and within the year ±1, names present, no duplicates.</summary>
    public static CalendarYearData? Validate(HolidayCnYear? file, ValidationErrors errors)
    {
        if (file is null)
        {
            errors.Add("body", "required: holiday-cn JSON {year, papers, days:[{name, date, isOffDay}]}");
            return null;
        }

        if (file.Year is not { } year)
        {
            errors.Add("year", "required");
            return null;
        }

        if (year is < MinYear or > MaxYear)
        {
            errors.Add("year", $"must be between {MinYear} and {MaxYear}");
            return null;
        }

        // Every State Council notice lists the year's holidays; the placeholder files published before a notice (holiday-cn's
        // next-year file) have none, and loading one would make every holiday of that year a working day.
        if (file.Days is null || !file.Days.Any(d => d?.IsOffDay == true))
        {
            errors.Add("days", "required: the year's holidays (isOffDay true) as the State Council notice lists them; a file without any holiday is a placeholder, not a notice");
            return null;
        }

        if (file.Days.Count > 366)
        {
            errors.Add("days", "at most 366 entries");
            return null;
        }

        if (file.Papers is { Count: > 20 } || file.Papers?.Any(p => p is null || p.Length > 190) == true)
        {
            errors.Add("papers", "at most 20 URLs of up to 190 characters");
        }

        var seen = new HashSet<DateOnly>();
        var days = new List<SpecialDay>(file.Days.Count);
        for (var i = 0; i < file.Days.Count; i++)
        {
            var d = file.Days[i];
            var field = $"days[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (d is null)
            {
                errors.Add(field, "required");
                continue;
            }

            if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > 50)
            {
                errors.Add(field + ".name", "required, at most 50 characters");
            }

            if (d.IsOffDay is null)
            {
                errors.Add(field + ".isOffDay", "required: true or false");
            }

            if (!DateOnly.TryParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add(field + ".date", "required, a date as yyyy-MM-dd");
                continue;
            }

            if (Math.Abs(date.Year - year) > 1)
            {
                errors.Add(field + ".date", $"must be in {year - 1}–{year + 1}");
                continue;
            }

            if (!seen.Add(date))
            {
                errors.Add(field + ".date", "duplicate date");
                continue;
            }

            if (d.Name is not null && d.IsOffDay is { } off)
            {
                days.Add(new SpecialDay(date, off, d.Name.Trim()));
            }
        }

        return errors.Any ? null : new CalendarYearData(year, days);
    }

    /// <summary>Field → rules, in the shape ValidationProblem expects.</summary>
    internal sealed class ValidationErrors
    {
        private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

        public bool Any => errors.Count > 0;

        public void Add(string field, string rule)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(rule);
        }

        public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\.holiday[_-]cn\.(\d{4})\.json$")]
    private static partial Regex EmbeddedName();
}
