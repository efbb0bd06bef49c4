using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Catalogue;
using OneCity.Platform.Data;

namespace OneCity.DataHub.Data;

/// <summary>
/// DataHub's own database: the catalogue, sharing requests and grants, open-data agreements, consents, objections.
/// Capabilities configure their entities in their folders; tables are prefixed <c>datahub_</c>.
/// </summary>
public abstract class DataHubDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__migrations_datahub";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // OpenIddict's stores (data API clients and tokens); Sharing/SharingEntities.cs gives them datahub_ table names.
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DataHubDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        IndexNewRecords();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        IndexNewRecords();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every new stored record gets its value index rows in the same save, whoever adds it.</summary>
    private void IndexNewRecords()
    {
        foreach (var entry in ChangeTracker.Entries<DatasetRecord>())
        {
            if (entry.State == EntityState.Added && entry.Entity.Values.Count == 0)
            {
                entry.Entity.Values.AddRange(RecordValues.Of(0, entry.Entity.DatasetCode, entry.Entity.Json));
            }
        }
    }
}

public sealed class SqliteDataHubDbContext(DbContextOptions<SqliteDataHubDbContext> options) : DataHubDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteConventions.Apply(configurationBuilder);
}

public sealed class PostgresDataHubDbContext(DbContextOptions<PostgresDataHubDbContext> options) : DataHubDbContext(options);
