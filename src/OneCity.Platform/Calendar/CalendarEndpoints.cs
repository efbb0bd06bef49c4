using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Calendar;

public sealed record CalendarDayResponse(DateOnly Date, bool IsWorkday, string Reason, string Kind, string? Holiday);

public sealed record CalendarDateResponse(DateOnly Date);

public sealed record WorkdayCountResponse(DateOnly From, DateOnly To, int Workdays);

public sealed record WorkingInstantResponse(DateTimeOffset At);

public sealed record WorkingHoursResponse(double Hours);

internal static partial class CalendarRegistration
{
    public static IServiceCollection AddWorkingCalendar(this IServiceCollection services, IConfiguration configuration)
    {
        var options = CalendarOptions.From(configuration);
        services.AddSingleton(sp => new WorkingCalendar(options, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<CalendarAdministration>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/calendar").WithTags("Calendar");
        g.MapGet("/days/{date}", GetDay).AllowAnonymous()
            .WithSummary("Whether a date is a working day, and why (weekend, holiday, adjusted working day 调休上班).");
        g.MapGet("/workdays/add", AddWorkdays).AllowAnonymous()
            .WithSummary("The date `days` working days after `from` (0: from itself or the next working day; negative: before).");
        g.MapGet("/workdays/count", CountWorkdays).AllowAnonymous()
            .WithSummary("Working days in (from, to]: from excluded, to included.");
        g.MapGet("/workhours/add", AddWorkingHours).AllowAnonymous()
            .WithSummary("The instant `hours` office hours after `from` (office hours and time zone from configuration).");
        g.MapGet("/workhours/between", WorkingHoursBetween).AllowAnonymous()
            .WithSummary("Office hours on working days between two instants.");
        g.MapGet("/years", ListYears).AllowAnonymous().WithSummary("The years with loaded holiday data.");
        g.MapPost("/years", UploadYear).RequireAuthorization(Policies.Administrator)
            .WithSummary("Load or replace one year's holiday data (holiday-cn JSON); system administrators only.");
        return app;
    }

    /// <summary>Loads the embedded national holiday data (2020–2026) if not yet loaded; runs in every mode.</summary>
    public static async Task LoadReferenceDataAsync(PlatformDbContext db, IServiceProvider services, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var present = (await db.Set<CalendarYear>().Select(y => y.Year).ToListAsync(ct)).ToHashSet();
        var added = new List<int>();
        foreach (var year in HolidayCn.EmbeddedYears().Where(y => !present.Contains(y)))
        {
            var file = HolidayCn.ReadEmbedded(year);
            var errors = new HolidayCn.ValidationErrors();
            var data = HolidayCn.Validate(file, errors)
                ?? throw new InvalidDataException($"Embedded holiday data for {year.ToString(CultureInfo.InvariantCulture)} is invalid: {string.Join("; ", errors.ToDictionary().Select(e => e.Key + " " + string.Join(',', e.Value)))}");
            db.Add(new CalendarYear
            {
                Year = year,
                Source = HolidayCn.EmbeddedSource,
                Papers = file.Papers is { Count: > 0 } p ? string.Join('\n', p) : null,
                LoadedAt = clock.GetUtcNow(),
            });
            db.AddRange(data.Days.Select(d => new CalendarSpecialDay { Year = year, Date = d.Date, IsOffDay = d.IsOffDay, Name = d.Name }));
            added.Add(year);
        }

        if (added.Count > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                await services.GetRequiredService<AuditLedger>().AppendAsync(CurrentUser.System, new AuditRecord(
                    "calendar.reference-loaded", "calendar-year", string.Join(',', added.Select(y => y.ToString(CultureInfo.InvariantCulture))),
                    Purpose: "working-day calendar maintenance", Details: "source=holiday-cn (embedded)"), ct);
            }
            catch (DbUpdateException)
            {
                // Another instance starting at the same moment loaded the same years first; its data is identical.
                db.ChangeTracker.Clear();
            }
        }

        await services.GetRequiredService<WorkingCalendar>().ReloadAsync(db, ct);
    }

    private static Results<Ok<CalendarDayResponse>, ValidationProblem, ProblemHttpResult> GetDay(string date, WorkingCalendar calendar)
    {
        if (!TryParseDate(date, out var d))
        {
            return Problems.Invalid("date", "a date as yyyy-MM-dd");
        }

        try
        {
            var day = calendar.GetDay(d);
            return TypedResults.Ok(new CalendarDayResponse(d, day.IsWorkday, day.Reason, KindCode(day.Kind), day.Name));
        }
        catch (CalendarYearMissingException e)
        {
            return Missing(e);
        }
    }

    private static Results<Ok<CalendarDateResponse>, ValidationProblem, ProblemHttpResult> AddWorkdays(string? from, string? days, WorkingCalendar calendar)
    {
        var errors = new FieldErrors();
        if (!TryParseDate(from, out var start))
        {
            errors.Add("from", "required, a date as yyyy-MM-dd");
        }

        if (!int.TryParse(days, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || Math.Abs(n) > 10_000)
        {
            errors.Add("days", "required, an integer between -10000 and 10000");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            return TypedResults.Ok(new CalendarDateResponse(calendar.AddWorkdays(start, n)));
        }
        catch (CalendarYearMissingException e)
        {
            return Missing(e);
        }
    }

    private static Results<Ok<WorkdayCountResponse>, ValidationProblem, ProblemHttpResult> CountWorkdays(string? from, string? to, WorkingCalendar calendar)
    {
        var errors = new FieldErrors();
        if (!TryParseDate(from, out var a))
        {
            errors.Add("from", "required, a date as yyyy-MM-dd");
        }

        if (!TryParseDate(to, out var b))
        {
            errors.Add("to", "required, a date as yyyy-MM-dd");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            return TypedResults.Ok(new WorkdayCountResponse(a, b, calendar.CountWorkdays(a, b)));
        }
        catch (CalendarYearMissingException e)
        {
            return Missing(e);
        }
    }

    private static Results<Ok<WorkingInstantResponse>, ValidationProblem, ProblemHttpResult> AddWorkingHours(string? from, string? hours, WorkingCalendar calendar)
    {
        var errors = new FieldErrors();
        if (!TryParseInstant(from, calendar.Options.TimeZone, out var start))
        {
            errors.Add("from", "required, an ISO 8601 date-time such as 2025-09-30T16:00:00+08:00");
        }

        if (!double.TryParse(hours, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) || !double.IsFinite(h) || h < 0 || h > 100_000)
        {
            errors.Add("hours", "required, a number of hours between 0 and 100000");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            return TypedResults.Ok(new WorkingInstantResponse(calendar.AddWorkingHours(start, TimeSpan.FromHours(h))));
        }
        catch (CalendarYearMissingException e)
        {
            return Missing(e);
        }
    }

    private static Results<Ok<WorkingHoursResponse>, ValidationProblem, ProblemHttpResult> WorkingHoursBetween(string? from, string? to, WorkingCalendar calendar)
    {
        var errors = new FieldErrors();
        if (!TryParseInstant(from, calendar.Options.TimeZone, out var a))
        {
            errors.Add("from", "required, an ISO 8601 date-time");
        }

        if (!TryParseInstant(to, calendar.Options.TimeZone, out var b))
        {
            errors.Add("to", "required, an ISO 8601 date-time");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            return TypedResults.Ok(new WorkingHoursResponse(calendar.WorkingHoursBetween(a, b).TotalHours));
        }
        catch (CalendarYearMissingException e)
        {
            return Missing(e);
        }
    }

    private static async Task<Ok<IReadOnlyList<CalendarYearSummary>>> ListYears(CalendarAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListYearsAsync(ct));

    private static async Task<Results<Created<CalendarYearSummary>, Ok<CalendarYearSummary>, ValidationProblem>> UploadYear(
        HolidayCnYear? body, CalendarAdministration admin, HttpContext http)
    {
        var result = await admin.UploadAsync(CurrentUser.From(http.User), body, http.RequestAborted);
        if (result.Errors is not null)
        {
            return Problems.Invalid(result.Errors.ToDictionary());
        }

        var year = result.Year!;
        return result.Replaced
            ? TypedResults.Ok(year)
            : TypedResults.Created($"/api/calendar/years/{year.Year.ToString(CultureInfo.InvariantCulture)}", year);
    }

    internal static ProblemHttpResult Missing(CalendarYearMissingException e) => TypedResults.Problem(
        e.Message,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: $"No calendar data for {e.Year.ToString(CultureInfo.InvariantCulture)}",
        extensions: new Dictionary<string, object?> { ["year"] = e.Year });

    internal static string KindCode(DayKind kind) => kind switch
    {
        DayKind.Holiday => "holiday",
        DayKind.AdjustedWorkday => "adjusted-workday",
        DayKind.Weekend => "weekend",
        _ => "workday",
    };

    internal static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>ISO 8601 with an offset, or a local time in the calendar's zone. A '+' that arrived as a space in a query string is restored.</summary>
    internal static bool TryParseInstant(string? text, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim().Replace(' ', '+');
        if (!text.Contains('T', StringComparison.Ordinal))
        {
            return false;
        }

        if (HasOffset().IsMatch(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        instant = new DateTimeOffset(local, zone.GetUtcOffset(local));
        return true;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
