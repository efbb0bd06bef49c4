using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;

namespace OneCity.GovServices.Data;

/// <summary>
/// GovServices' own database: the service catalogue, bundle versions, applications with their steps, materials,
/// files, supplement requests and timelines, ratings and rectifications, proactive offers.
/// Capabilities configure their entities in their folders; tables are prefixed <c>gov_</c>.
/// </summary>
public abstract class GovServicesDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__migrations_govservices";

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GovServicesDbContext).Assembly);
}

public sealed class SqliteGovServicesDbContext(DbContextOptions<SqliteGovServicesDbContext> options) : GovServicesDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteConventions.Apply(configurationBuilder);
}

public sealed class PostgresGovServicesDbContext(DbContextOptions<PostgresGovServicesDbContext> options) : GovServicesDbContext(options);
