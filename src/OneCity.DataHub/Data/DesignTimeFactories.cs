using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OneCity.Platform.Data;

namespace OneCity.DataHub.Data;

// Used only by `tools/add-migration.sh <Name> DataHub`; never at run time.
internal sealed class SqliteDataHubDesignFactory : IDesignTimeDbContextFactory<SqliteDataHubDbContext>
{
    public SqliteDataHubDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<SqliteDataHubDbContext>();
        new DatabaseOptions().Configure(b, DataHubDbContext.HistoryTable);
        return new SqliteDataHubDbContext(b.Options);
    }
}

internal sealed class PostgresDataHubDesignFactory : IDesignTimeDbContextFactory<PostgresDataHubDbContext>
{
    public PostgresDataHubDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<PostgresDataHubDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=onecity_design" }
            .Configure(b, DataHubDbContext.HistoryTable);
        return new PostgresDataHubDbContext(b.Options);
    }
}
