using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Data;

/// <summary>
/// The shared kernel's database: identity, organisation, geography, calendar, audit ledger,
/// base registries and notifications. Each capability configures its own entities with an
/// <see cref="IEntityTypeConfiguration{TEntity}"/> in its folder; this context only collects them.
/// Provider-specific subclasses exist so that each provider keeps its own migrations.
/// </summary>
public abstract class PlatformDbContext(DbContextOptions options)
    : IdentityDbContext<PlatformUser, PlatformRole, string>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
    }
}

/// <summary>The SQLite flavour of <see cref="PlatformDbContext"/> (embedded default).</summary>
public sealed class SqlitePlatformDbContext(DbContextOptions<SqlitePlatformDbContext> options) : PlatformDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteConventions.Apply(configurationBuilder);
}

/// <summary>The PostgreSQL flavour of <see cref="PlatformDbContext"/> (production).</summary>
public sealed class PostgresPlatformDbContext(DbContextOptions<PostgresPlatformDbContext> options) : PlatformDbContext(options);
