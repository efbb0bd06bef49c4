using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Calendar;
using OneCity.Platform.Data;
using OneCity.Platform.Geography;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries;

namespace OneCity.Platform.Hosting;

/// <summary>What start-up did, for the console banner.</summary>
public sealed record StartupReport(bool DemoLoaded, IReadOnlyList<DemoAccount> DemoAccounts, string? GeneratedAdminPassword);

public sealed record DemoAccount(string UserName, string Role, string RoleZh, string Password);

/// <summary>Prepares the database at start: migrations, reference data (calendar, areas, departments), the demo city (once) or an administrator.</summary>
public sealed class PlatformStartup(
    PlatformDbContext db, IServiceProvider services, DatabaseOptions options, TimeProvider clock, ILogger<PlatformStartup> logger)
{
    public const string DemoPassword = "OneCity-demo-1";
    private const string DemoMarker = "demo.version";
    private const string DemoVersion = "1";

    public async Task<StartupReport> RunAsync(bool loadDemo, CancellationToken ct = default)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            PrepareSqliteFile(options.ConnectionString);
        }

        await db.Database.MigrateAsync(ct);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers proceed while one writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await CalendarRegistration.LoadReferenceDataAsync(db, services, ct);

        // The city itself (its administrative areas with their codes and boundaries, and its departments) is reference
        // data, loaded in both modes (once): without it no staff account could be given a department or a jurisdiction.
        // The demo adds people, accounts and records on top.
        await CityOrganisation.LoadAsync(db, ct);
        await GeographyRegistration.LoadCityAsync(db, services, ct);

        StartupReport report;
        if (loadDemo)
        {
            var marker = await db.Set<PlatformSetting>().FindAsync([DemoMarker], ct);
            if (marker is null)
            {
                logger.LogInformation("Loading the demo city (first start)…");
                await RegistriesRegistration.LoadDemoAsync(db, services, ct);
                await DemoOrganisation.CreateDemoUsersAsync(services, ct);
                await Notifications.DemoMessages.LoadAsync(services, ct);
                db.Set<PlatformSetting>().Add(new PlatformSetting { Key = DemoMarker, Value = DemoVersion, UpdatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Demo city loaded.");
            }

            report = new StartupReport(true, DemoOrganisation.Accounts, null);
        }
        else
        {
            report = new StartupReport(false, [], await EnsureAdministratorAsync(ct));
        }

        await GeographyRegistration.WarmUpAsync(services, ct);
        foreach (var module in services.GetServices<IModuleStartup>())
        {
            await module.RunAsync(loadDemo, ct);
        }

        return report;
    }

    /// <summary>Creates the first administrator with a generated password, shown once; null when one exists.</summary>
    private async Task<string?> EnsureAdministratorAsync(CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<PlatformUser>>();
        if (await users.FindByNameAsync("admin") is not null)
        {
            return null;
        }

        await DemoOrganisation.EnsureRolesAsync(services);
        var password = GeneratePassword();
        var admin = new PlatformUser
        {
            UserName = "admin",
            DisplayName = "系统管理员 Administrator",
            JurisdictionCode = AreaCodes.City,
            DepartmentCode = "SH-DSJ",
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, Roles.SystemAdministrator);
        return password;
    }

    internal static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var body = RandomNumberGenerator.GetString(alphabet, 16);
        return $"Oc-{body}-9a";
    }

    private static void PrepareSqliteFile(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(path) && path != ":memory:")
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }
        }
    }
}
