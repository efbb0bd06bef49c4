using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.CityOps.Open311;

/// <summary>
/// An Open311 API client (a third-party app, a partner's CRM): one API key each. Only the key's SHA-256 hash is stored;
/// the key itself is shown once, when an administrator issues it.
/// </summary>
internal sealed class Open311Client
{
    public long Id { get; set; }

    /// <summary>The client's name, e.g. "随申办" or "FixMyStreet"; reports it sends carry the source <c>open311:&lt;name&gt;</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 key.</summary>
    public required string KeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The administrator's user name, or "demo" for the demo key.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>Set when the key was revoked: it stops working at once.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class Open311ClientConfiguration : IEntityTypeConfiguration<Open311Client>
{
    public void Configure(EntityTypeBuilder<Open311Client> b)
    {
        b.ToTable("ops_open311_clients");
        b.Property(c => c.Name).HasMaxLength(Open311Keys.MaxNameLength);
        b.Property(c => c.KeyHash).HasMaxLength(64);
        b.HasIndex(c => c.KeyHash).IsUnique();
        b.Property(c => c.CreatedBy).HasMaxLength(64);
    }
}
