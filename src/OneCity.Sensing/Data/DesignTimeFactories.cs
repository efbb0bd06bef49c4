using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OneCity.Platform.Data;

namespace OneCity.Sensing.Data;

// Used only by `tools/add-migration.sh <Name> Sensing`; never at run time.
internal sealed class SqliteSensingDesignFactory : IDesignTimeDbContextFactory<SqliteSensingDbContext>
{
    public SqliteSensingDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<SqliteSensingDbContext>();
        new DatabaseOptions().Configure(b, SensingDbContext.HistoryTable);
        return new SqliteSensingDbContext(b.Options);
    }
}

internal sealed class PostgresSensingDesignFactory : IDesignTimeDbContextFactory<PostgresSensingDbContext>
{
    public PostgresSensingDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<PostgresSensingDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=onecity_design" }
            .Configure(b, SensingDbContext.HistoryTable);
        return new PostgresSensingDbContext(b.Options);
    }
}
