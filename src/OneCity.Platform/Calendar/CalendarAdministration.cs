using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Calendar;

/// <summary>A loaded year as the API and the calendar page list it.</summary>
public sealed record CalendarYearSummary(int Year, string Source, DateTimeOffset LoadedAt, int SpecialDays, IReadOnlyList<string> Papers);

/// <summary>The outcome of an upload: the stored year, or the field errors that refused it.</summary>
public sealed record CalendarUploadResult(CalendarYearSummary? Year, IReadOnlyDictionary<string, string[]>? Errors, bool Replaced);

/// <summary>Loading and replacing a year's holiday data (system administrators), recorded in the audit ledger.</summary>
public sealed class CalendarAdministration(PlatformDbContext db, WorkingCalendar calendar, AuditLedger ledger, TimeProvider clock)
{
    public async Task<IReadOnlyList<CalendarYearSummary>> ListYearsAsync(CancellationToken ct = default)
    {
        var years = await db.Set<CalendarYear>().AsNoTracking().OrderBy(y => y.Year).ToListAsync(ct);
        var counts = await db.Set<CalendarSpecialDay>().GroupBy(d => d.Year).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return years.Select(y => Summary(y, counts.GetValueOrDefault(y.Year))).ToList();
    }

    /// <summary>
    /// Validates and stores one year (replacing an existing one) in a single transaction together with its ledger entry,
    /// then reloads the in-memory calendar.
    /// </summary>
    public async Task<CalendarUploadResult> UploadAsync(CurrentUser actor, HolidayCnYear? file, CancellationToken ct = default)
    {
        var errors = new HolidayCn.ValidationErrors();
        var data = HolidayCn.Validate(file, errors);
        if (data is null)
        {
            return new CalendarUploadResult(null, errors.ToDictionary(), false);
        }

        var papers = (file!.Papers ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Set<CalendarYear>().FirstOrDefaultAsync(y => y.Year == data.Year, ct);
        await db.Set<CalendarSpecialDay>().Where(d => d.Year == data.Year).ExecuteDeleteAsync(ct);
        var year = existing ?? new CalendarYear { Year = data.Year, Source = "" };
        year.Source = "upload:" + actor.UserName;
        year.Papers = papers.Count == 0 ? null : string.Join('\n', papers);
        year.LoadedAt = clock.GetUtcNow();
        if (existing is null)
        {
            db.Add(year);
        }

        db.AddRange(data.Days.Select(d => new CalendarSpecialDay { Year = data.Year, Date = d.Date, IsOffDay = d.IsOffDay, Name = d.Name }));
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(actor, new AuditRecord(
            existing is null ? "calendar.year-loaded" : "calendar.year-replaced",
            "calendar-year",
            data.Year.ToString(CultureInfo.InvariantCulture),
            Purpose: "working-day calendar maintenance",
            Details: $"days={data.Days.Count.ToString(CultureInfo.InvariantCulture)}; off={data.Days.Count(d => d.IsOffDay).ToString(CultureInfo.InvariantCulture)}; source=upload"), ct);
        await tx.CommitAsync(ct);
        await calendar.ReloadAsync(db, ct);
        return new CalendarUploadResult(Summary(year, data.Days.Count), null, existing is not null);
    }

    private static CalendarYearSummary Summary(CalendarYear y, int days) =>
        new(y.Year, y.Source, y.LoadedAt, days, y.Papers?.Split('\n') ?? []);
}
