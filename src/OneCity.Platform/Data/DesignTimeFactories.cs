using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OneCity.Platform.Data;

// Used only by `dotnet ef migrations add` (see tools/add-migration.sh); never at run time.
internal sealed class SqlitePlatformDesignFactory : IDesignTimeDbContextFactory<SqlitePlatformDbContext>
{
    public SqlitePlatformDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<SqlitePlatformDbContext>();
        new DatabaseOptions().Configure(b, PlatformSchema.HistoryTable);
        return new SqlitePlatformDbContext(b.Options);
    }
}

internal sealed class PostgresPlatformDesignFactory : IDesignTimeDbContextFactory<PostgresPlatformDbContext>
{
    public PostgresPlatformDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<PostgresPlatformDbContext>();
        new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=onecity_design" }
            .Configure(b, PlatformSchema.HistoryTable);
        return new PostgresPlatformDbContext(b.Options);
    }
}

public static class PlatformSchema
{
    public const string HistoryTable = "__migrations_platform";
}
