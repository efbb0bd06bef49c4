using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;

namespace OneCity.CityOps.Data;

/// <summary>
/// CityOps' own database: incidents with their reports, work orders, timelines and photos; the responsibility list;
/// Open311 API keys; dispatchers' classification corrections. Tables are prefixed <c>ops_</c>.
/// </summary>
public abstract class CityOpsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__migrations_cityops";

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CityOpsDbContext).Assembly);
}

public sealed class SqliteCityOpsDbContext(DbContextOptions<SqliteCityOpsDbContext> options) : CityOpsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteConventions.Apply(configurationBuilder);
}

public sealed class PostgresCityOpsDbContext(DbContextOptions<PostgresCityOpsDbContext> options) : CityOpsDbContext(options);
