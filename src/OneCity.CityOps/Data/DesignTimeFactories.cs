using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OneCity.Platform.Data;

namespace OneCity.CityOps.Data;

// Used only by `tools/add-migration.sh <Name> CityOps`; never at run time.
internal sealed class SqliteCityOpsDesignFactory : IDesignTimeDbContextFactory<SqliteCityOpsDbContext>
{
    public SqliteCityOpsDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<SqliteCityOpsDbContext>();
        new DatabaseOptions().Configure(b, CityOpsDbContext.HistoryTable);
        return new SqliteCityOpsDbContext(b.Options);
    }
}

internal sealed class PostgresCityOpsDesignFactory : IDesignTimeDbContextFactory<PostgresCityOpsDbContext>
{
    public PostgresCityOpsDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<PostgresCityOpsDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=onecity_design" }
            .Configure(b, CityOpsDbContext.HistoryTable);
        return new PostgresCityOpsDbContext(b.Options);
    }
}
