using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
/// <c>ConnectionStrings:OneCity</c>. The embedded default is SQLite at <c>onecity.db</c> in <c>Storage:DataDirectory</c>
/// (default <c>data</c>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqlite = "Data Source=data/onecity.db";

    /// <summary>
    /// Rows per hand-written multi-row statement: on SQLite about 120 parameters, since Microsoft.Data.Sqlite binds each
    /// parameter by name and SQLite finds each name in a list (time quadratic in the parameters per statement); on
    /// PostgreSQL up to 30,000. (EF Core's own SQLite commands hold one statement each.)
    /// </summary>
    public static int RowsPerStatement(DatabaseFacade database, int parametersPerRow) =>
        database.IsSqlite() ? Math.Max(1, 120 / parametersPerRow) : Math.Max(1, 30_000 / parametersPerRow);

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

            cs = configuration["Storage:DataDirectory"] is { Length: > 0 } dir
                ? $"Data Source={Path.Combine(dir, "onecity.db")}"
                : DefaultSqlite;
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
                builder.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable(historyTable)).AddInterceptors(SqliteBusyTimeout.Instance, SqliteWriteGate.Instance, SqliteWriteGate.Instance.OnClose);
                break;
        }
    }
}

/// <summary>
/// Lets SQLite wait for a writer itself (<c>PRAGMA busy_timeout</c>, short back-off inside SQLite) instead of
/// Microsoft.Data.Sqlite's managed retry, which sleeps 150 ms per attempt: with concurrent writers (requests, the
/// audit writer, the outbox) those sleeps, not the writes, set the latency.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    private const string Pragma = "PRAGMA busy_timeout = 30000; PRAGMA cache_size = -16384;";

    // Microsoft.Data.Sqlite pools physical connections; the pragma stays set on one, so it runs once per handle.
    private static readonly ConditionalWeakTable<object, object> Prepared = [];

    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, handle);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Registers one module's database context with its provider-specific subclass. Contexts are pooled: building the
/// options and the context's internal services for every request cost more CPU than a data API lookup's query itself.
/// A pooled context is reset (change tracker, transaction, connection) when its scope ends.
/// </summary>
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
            services.AddDbContextPool<TContext, TPostgres>(b => options.Configure(b, historyTable));
        }
        else
        {
            services.AddDbContextPool<TContext, TSqlite>(b => options.Configure(b, historyTable));
        }

        return services;
    }
}
