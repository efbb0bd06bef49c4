using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OneCity.Platform.Data;

namespace OneCity.GovServices.Data;

// Used only by `tools/add-migration.sh <Name> GovServices`; never at run time.
internal sealed class SqliteGovServicesDesignFactory : IDesignTimeDbContextFactory<SqliteGovServicesDbContext>
{
    public SqliteGovServicesDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<SqliteGovServicesDbContext>();
        new DatabaseOptions().Configure(b, GovServicesDbContext.HistoryTable);
        return new SqliteGovServicesDbContext(b.Options);
    }
}

internal sealed class PostgresGovServicesDesignFactory : IDesignTimeDbContextFactory<PostgresGovServicesDbContext>
{
    public PostgresGovServicesDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<PostgresGovServicesDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=onecity_design" }
            .Configure(b, GovServicesDbContext.HistoryTable);
        return new PostgresGovServicesDbContext(b.Options);
    }
}
