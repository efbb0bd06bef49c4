using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;

namespace OneCity.Platform.Calendar;

/// <summary>China's working-day calendar. (Skeleton: implementation pending.)</summary>
public sealed class WorkingCalendar
{
}

internal static class CalendarRegistration
{
    public static IServiceCollection AddWorkingCalendar(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<WorkingCalendar>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app) => app;

    /// <summary>Loads the embedded national holiday data (2020–2026) if not yet loaded; runs in every mode.</summary>
    public static Task LoadReferenceDataAsync(PlatformDbContext db, IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
