using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;

namespace OneCity.Sensing.Data;

/// <summary>
/// Sensing's own database for what changes slowly: the device registry, alarm rules, alarms, rejection counters and
/// gateway keys. Tables are prefixed <c>sens_</c>. Readings and roll-ups live in the telemetry store
/// (<see cref="Telemetry.TelemetryStore"/>), written in batches without EF Core.
/// </summary>
public abstract class SensingDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__migrations_sensing";

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SensingDbContext).Assembly);
}

public sealed class SqliteSensingDbContext(DbContextOptions<SqliteSensingDbContext> options) : SensingDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteConventions.Apply(configurationBuilder);
}

public sealed class PostgresSensingDbContext(DbContextOptions<PostgresSensingDbContext> options) : SensingDbContext(options);
