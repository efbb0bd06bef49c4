using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OneCity.Platform.Data;

/// <summary>Which database the platform runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Database settings: <c>Database:Provider</c> (Sqlite or Postgres) and the connection string
/// <c>ConnectionStrings:OneCity</c>. The embedded default is SQLite at <c>data/onecity.db</c>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqlite = "Data Source=data/onecity.db";

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; init; } = DefaultSqlite;

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        }

        var cs = configuration.GetConnectionString("OneCity");
        if (string.IsNullOrWhiteSpace(cs))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("ConnectionStrings:OneCity is required when Database:Provider is Postgres.");
            }

            cs = DefaultSqlite;
        }

        return new DatabaseOptions { Provider = provider, ConnectionString = cs };
    }

    /// <summary>Configures EF Core for this provider; every module's context uses it.</summary>
    public void Configure(DbContextOptionsBuilder builder, string historyTable)
    {
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable(historyTable));
                break;
            default:
                builder.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable(historyTable));
                break;
        }
    }
}

/// <summary>Registers one module's database context with its provider-specific subclass.</summary>
public static class ModuleDbContextRegistration
{
    public static IServiceCollection AddModuleDbContext<TContext, TSqlite, TPostgres>(
        this IServiceCollection services, DatabaseOptions options, string historyTable)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<TContext, TPostgres>(b => options.Configure(b, historyTable));
        }
        else
        {
            services.AddDbContext<TContext, TSqlite>(b => options.Configure(b, historyTable));
        }

        return services;
    }
}
