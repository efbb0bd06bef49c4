using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Sensing.Cap;

/// <summary>Where a stored CAP message came from.</summary>
internal enum CapOrigin
{
    /// <summary>Received over <c>POST /api/cap/alerts</c> from another authority's feed or an operator.</summary>
    Ingested,

    /// <summary>Issued by OneCity itself (<see cref="CapPublisher"/>); only these are in the public feed.</summary>
    Published,
}

/// <summary>
/// One CAP message, exactly as received or issued (<see cref="Raw"/>, byte for byte, so an XML signature stays verifiable),
/// with its fields parsed into columns and child rows so alerts can be found by event, severity, status, time and area.
/// A message is identified by sender, identifier and sent (CAP 1.2 §3.2.1); the same three again are a duplicate.
/// </summary>
internal sealed class CapAlert
{
    public long Id { get; set; }

    public CapOrigin Origin { get; set; }

    /// <summary>1.2 or 1.1.</summary>
    public required string Version { get; set; }

    public required string Identifier { get; set; }

    public required string Sender { get; set; }

    /// <summary>The instant (UTC) the message was sent.</summary>
    public DateTimeOffset Sent { get; set; }

    /// <summary>The <c>sent</c> text as in the message, with its offset (what <c>references</c> quote).</summary>
    public required string SentText { get; set; }

    public required string Status { get; set; }

    public required string MsgType { get; set; }

    public required string Scope { get; set; }

    public string? Source { get; set; }

    /// <summary>Space-separated <c>sender,identifier,sent</c> triples of earlier messages.</summary>
    public string? References { get; set; }

    public string? Incidents { get; set; }

    public bool Signed { get; set; }

    /// <summary>The message's bytes, unchanged (a row of their own, so listing alerts never loads them).</summary>
    public CapAlertXml? Raw { get; set; }

    /// <summary>Length of the message in bytes.</summary>
    public int Length { get; set; }

    /// <summary>SHA-256 of the message's bytes, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Who handed it in: a user name, <c>gateway:&lt;key name&gt;</c>, or <c>system</c>. Never shown publicly.</summary>
    public required string ReceivedBy { get; set; }

    /// <summary>Published warnings: the identifier of the thread's first message (Alert), shared by its Updates and Cancel.</summary>
    public string? Thread { get; set; }

    /// <summary>Published warnings: the message that replaced this one (an Update or Cancel); null for the thread's latest.</summary>
    public long? SupersededById { get; set; }

    /// <summary>Published warnings: the warning's content as requested (JSON), so an update can change only some of it.</summary>
    public string? WarningJson { get; set; }

    public List<CapInfo> Infos { get; set; } = [];
}

/// <summary>A CAP message's bytes exactly as received or issued.</summary>
internal sealed class CapAlertXml
{
    public long AlertId { get; set; }

    public required byte[] Bytes { get; set; }
}

/// <summary>One <c>info</c> block: one language's text of the alert, with the fields an emergency plan matches on.</summary>
internal sealed class CapInfo
{
    public long Id { get; set; }

    public long AlertId { get; set; }

    /// <summary>0-based position in the message.</summary>
    public int Position { get; set; }

    public required string Language { get; set; }

    /// <summary>Space-separated CAP categories (Met Safety …).</summary>
    public required string Categories { get; set; }

    public required string Event { get; set; }

    /// <summary><see cref="Event"/> in lower case (invariant), what searches and emergency-plan triggers match on.</summary>
    public required string EventKey { get; set; }

    /// <summary>Space-separated response types, or null.</summary>
    public string? ResponseTypes { get; set; }

    public required string Urgency { get; set; }

    public required string Severity { get; set; }

    public required string Certainty { get; set; }

    public string? Audience { get; set; }

    /// <summary>Event codes as <c>valueName=value</c> lines.</summary>
    public string? EventCodes { get; set; }

    public DateTimeOffset? Effective { get; set; }

    public DateTimeOffset? Onset { get; set; }

    public DateTimeOffset? Expires { get; set; }

    public string? SenderName { get; set; }

    public string? Headline { get; set; }

    public string? Description { get; set; }

    public string? Instruction { get; set; }

    public string? Web { get; set; }

    public string? Contact { get; set; }

    public List<CapArea> Areas { get; set; } = [];
}

/// <summary>One <c>area</c> of an info block: its description, polygons and circles (as in the message) and geocodes.</summary>
internal sealed class CapArea
{
    public long Id { get; set; }

    public long InfoId { get; set; }

    public int Position { get; set; }

    public required string AreaDesc { get; set; }

    public int PolygonCount { get; set; }

    /// <summary>The polygons as in the message ("lat,lon lat,lon …"), one per line.</summary>
    public string? Polygons { get; set; }

    public int CircleCount { get; set; }

    /// <summary>The circles as in the message ("lat,lon radius-km"), one per line.</summary>
    public string? Circles { get; set; }

    public double? Altitude { get; set; }

    public double? Ceiling { get; set; }

    public List<CapGeocode> Geocodes { get; set; } = [];
}

/// <summary>One geocode of an area (valueName, value), e.g. <c>GB/T 2260</c> <c>310101</c>, <c>SAME</c> <c>006109</c>.</summary>
internal sealed class CapGeocode
{
    public long Id { get; set; }

    public long AreaId { get; set; }

    public required string ValueName { get; set; }

    public required string Value { get; set; }
}

/// <summary>Column limits of the indexed text fields; longer values are refused at ingest (400), never truncated.</summary>
internal static class CapLimits
{
    public const int Identifier = 300;
    public const int Sender = 300;
    public const int Event = 300;
    public const int Language = 35;
    public const int GeocodeName = 200;
    public const int GeocodeValue = 200;
}

internal sealed class CapAlertConfiguration : IEntityTypeConfiguration<CapAlert>
{
    public void Configure(EntityTypeBuilder<CapAlert> b)
    {
        b.ToTable("sens_cap_alerts");
        b.Property(a => a.Origin).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.Version).HasMaxLength(3);
        b.Property(a => a.Identifier).HasMaxLength(CapLimits.Identifier);
        b.Property(a => a.Sender).HasMaxLength(CapLimits.Sender);
        b.Property(a => a.SentText).HasMaxLength(40);
        b.Property(a => a.Status).HasMaxLength(10);
        b.Property(a => a.MsgType).HasMaxLength(10);
        b.Property(a => a.Scope).HasMaxLength(10);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.ReceivedBy).HasMaxLength(100);
        b.Property(a => a.Thread).HasMaxLength(CapLimits.Identifier);
        b.HasIndex(a => new { a.Sender, a.Identifier, a.Sent }).IsUnique();
        b.HasIndex(a => a.Sent);
        b.HasIndex(a => new { a.Origin, a.SupersededById });
        b.HasIndex(a => a.Thread);
        b.HasMany(a => a.Infos).WithOne().HasForeignKey(i => i.AlertId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.Raw).WithOne().HasForeignKey<CapAlertXml>(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CapAlertXmlConfiguration : IEntityTypeConfiguration<CapAlertXml>
{
    public void Configure(EntityTypeBuilder<CapAlertXml> b)
    {
        b.ToTable("sens_cap_alert_xml");
        b.HasKey(x => x.AlertId);
    }
}

internal sealed class CapInfoConfiguration : IEntityTypeConfiguration<CapInfo>
{
    public void Configure(EntityTypeBuilder<CapInfo> b)
    {
        b.ToTable("sens_cap_infos");
        b.Property(i => i.Language).HasMaxLength(CapLimits.Language);
        b.Property(i => i.Categories).HasMaxLength(200);
        b.Property(i => i.Event).HasMaxLength(CapLimits.Event);
        b.Property(i => i.EventKey).HasMaxLength(CapLimits.Event);
        b.Property(i => i.ResponseTypes).HasMaxLength(200);
        b.Property(i => i.Urgency).HasMaxLength(10);
        b.Property(i => i.Severity).HasMaxLength(10);
        b.Property(i => i.Certainty).HasMaxLength(10);
        b.HasIndex(i => i.AlertId);
        b.HasIndex(i => new { i.EventKey, i.Severity });
        b.HasIndex(i => i.Expires);
        b.HasMany(i => i.Areas).WithOne().HasForeignKey(a => a.InfoId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CapAreaConfiguration : IEntityTypeConfiguration<CapArea>
{
    public void Configure(EntityTypeBuilder<CapArea> b)
    {
        b.ToTable("sens_cap_areas");
        b.HasIndex(a => a.InfoId);
        b.HasMany(a => a.Geocodes).WithOne().HasForeignKey(g => g.AreaId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CapGeocodeConfiguration : IEntityTypeConfiguration<CapGeocode>
{
    public void Configure(EntityTypeBuilder<CapGeocode> b)
    {
        b.ToTable("sens_cap_geocodes");
        b.Property(g => g.ValueName).HasMaxLength(CapLimits.GeocodeName);
        b.Property(g => g.Value).HasMaxLength(CapLimits.GeocodeValue);
        b.HasIndex(g => g.AreaId);
        b.HasIndex(g => new { g.Value, g.ValueName });
    }
}
