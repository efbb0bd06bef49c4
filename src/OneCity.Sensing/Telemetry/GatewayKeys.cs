using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Data;

namespace OneCity.Sensing.Telemetry;

/// <summary>A device gateway allowed to send readings (HTTP header <c>X-Api-Key</c>, or the MQTT password). Only the key's hash is kept.</summary>
internal sealed class GatewayKey
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string KeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class GatewayKeyConfiguration : IEntityTypeConfiguration<GatewayKey>
{
    public void Configure(EntityTypeBuilder<GatewayKey> b)
    {
        b.ToTable("sens_gateway_keys");
        b.Property(k => k.Name).HasMaxLength(50);
        b.Property(k => k.KeyHash).HasMaxLength(64);
        b.HasIndex(k => k.KeyHash).IsUnique();
        b.Property(k => k.CreatedBy).HasMaxLength(60);
    }
}

internal sealed record GatewayKeyView(long Id, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, bool Active);

internal sealed record IssuedGatewayKey(long Id, string Name, string ApiKey);

/// <summary>Gateway keys: administrators issue and revoke them; every call is checked against the stored hashes, so a revoked key stops at once.</summary>
internal sealed class GatewayKeys(SensingDbContext db, AuditLedger ledger, TimeProvider clock)
{
    /// <summary>The demo city's gateway key, published in the README (seeded with the demo data).</summary>
    public const string DemoKey = "onecity-demo-telemetry";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public async Task<GatewayKey?> AuthenticateAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return null;
        }

        var hash = Hash(key);
        return await db.Set<GatewayKey>().AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
    }

    public async Task SeedDemoAsync(CancellationToken ct)
    {
        var hash = Hash(DemoKey);
        if (!await db.Set<GatewayKey>().AnyAsync(k => k.KeyHash == hash, ct))
        {
            db.Add(new GatewayKey { Name = "演示网关 Demo gateway", KeyHash = hash, CreatedAt = clock.GetUtcNow(), CreatedBy = "system" });
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<IReadOnlyList<GatewayKeyView>> ListAsync(CancellationToken ct) =>
        await db.Set<GatewayKey>().AsNoTracking().OrderBy(k => k.Id)
            .Select(k => new GatewayKeyView(k.Id, k.Name, k.CreatedAt, k.CreatedBy, k.RevokedAt, k.RevokedAt == null)).ToListAsync(ct);

    public async Task<IssuedGatewayKey> IssueAsync(CurrentUser actor, string name, CancellationToken ct)
    {
        var key = "gw_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var entity = new GatewayKey { Name = name, KeyHash = Hash(key), CreatedAt = clock.GetUtcNow(), CreatedBy = actor.UserName };
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(actor, new AuditRecord("sensing.gateway-key-issued", "gateway-key", entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: name), ct);
        return new IssuedGatewayKey(entity.Id, name, key);
    }

    public async Task<bool> RevokeAsync(CurrentUser actor, long id, CancellationToken ct)
    {
        var key = await db.Set<GatewayKey>().FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return false;
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await ledger.AppendAsync(actor, new AuditRecord("sensing.gateway-key-revoked", "gateway-key", id.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: key.Name), ct);
        }

        return true;
    }
}
