using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Data;
using OneCity.Platform.Geography;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;
using OneCity.Platform.PersonalData;
using OneCity.Platform.Registries;

namespace OneCity.Platform.Hosting;

/// <summary>The shared kernel's composition: services, API endpoints and start-up work.</summary>
public static class PlatformModule
{
    /// <summary>Cookie for pages, bearer token for API clients; this policy scheme picks one per request.</summary>
    public const string SmartScheme = "OneCity";

    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        var db = DatabaseOptions.From(configuration);
        services.AddSingleton(db);
        services.TryAddTimeProvider(configuration);
        services.AddModuleDbContext<PlatformDbContext, SqlitePlatformDbContext, PostgresPlatformDbContext>(db, PlatformSchema.HistoryTable);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o =>
            {
                o.ForwardDefaultSelector = ctx =>
                {
                    var header = ctx.Request.Headers.Authorization.ToString();
                    return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme;
                };
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(1);
                // A token of an account locked, reset or re-roled since it was issued is refused (SessionStamps).
                o.Events.OnMessageReceived = SessionStamps.CheckBearerAsync;
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "onecity.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // API callers get status codes, never a redirect to the login page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
            // Every request's cookie is checked against the account's cached security stamp before Identity's periodic check.
            o.Events.OnValidatePrincipal = SessionStamps.CheckCookie(o.Events.OnValidatePrincipal);
        });
        // Identity's own re-reading of the account behind a cookie (a database query), for changes made by another process.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddSingleton<SessionStamps>();

        services.AddIdentityCore<PlatformUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<PlatformRole>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddUserManager<PlatformUserManager>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PlatformClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthorization(o => Policies.Configure(o));

        services.AddOrganisation();
        services.AddPersonalData(configuration);
        services.AddAudit(configuration);
        services.AddWorkingCalendar(configuration);
        services.AddGeography(configuration);
        services.AddRegistries(configuration);
        services.AddNotifications(configuration);
        services.AddScoped<PlatformStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapAuthApi();
        app.MapGeographyApi();
        app.MapCalendarApi();
        app.MapAuditApi();
        app.MapRegistriesApi();
        app.MapNotificationsApi();
        return app;
    }

    /// <summary>
    /// Real time, or (<c>Exercise:Enabled</c>, by default when the demo city is loaded) an <see cref="ExerciseClock"/>
    /// that exercises may move forward. Tests register their own clock first. Sign-in sessions and bearer tokens always
    /// run on the clock underneath, so an exercise's jump does not end them.
    /// </summary>
    private static void TryAddTimeProvider(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            var exercise = configuration.GetValue("Exercise:Enabled", configuration.GetValue("Demo:Enabled", true));
            services.AddSingleton(exercise
                ? new ExerciseClock(TimeProvider.System, Path.Combine(new PlatformPaths(configuration).DataDirectory, "exercise-clock.txt"))
                : TimeProvider.System);
        }

        static TimeProvider Real(TimeProvider clock) => clock is ExerciseClock e ? e.Inner : clock;
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<TimeProvider>((o, clock) => o.TimeProvider = Real(clock));
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).Configure<TimeProvider>((o, clock) => o.TimeProvider = Real(clock));
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/open311")
            || ctx.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
