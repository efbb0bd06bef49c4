using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.Platform.Audit;

/// <summary>
/// One link of the ledger. Never updated or deleted: <see cref="Hash"/> = SM3 over the canonical encoding of every other
/// field, the entry's subjects and <see cref="PrevHash"/> (see <see cref="AuditHash"/>).
/// </summary>
public sealed class AuditEntry
{
    public long Seq { get; init; }

    /// <summary>Unix time in milliseconds: stored exactly by SQLite and PostgreSQL alike, so the hash survives a round trip.</summary>
    public long AtMs { get; init; }

    public string Actor { get; init; } = "";

    public string Role { get; init; } = "";

    public string? Department { get; init; }

    public string Action { get; init; } = "";

    public string ObjectType { get; init; } = "";

    public string ObjectId { get; init; } = "";

    public string? Purpose { get; init; }

    public string? LegalBasis { get; init; }

    public string? Details { get; init; }

    public string PrevHash { get; init; } = "";

    public string Hash { get; set; } = "";

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(AtMs);
}

/// <summary>A person whose personal data an entry touched; separate rows so the citizen's data tracker can find them by index.</summary>
public sealed class AuditSubject
{
    public long Seq { get; init; }

    public string PersonId { get; init; } = "";
}

/// <summary>
/// An SM2 signature over (seq, hash, time) of the chain's head at some moment and, from version 2 on, over the checkpoint
/// before it (its seq and the SM3 of its signature), so the checkpoints form a signed chain of their own.
/// </summary>
public sealed class AuditCheckpoint
{
    public long Seq { get; init; }

    public string Hash { get; init; } = "";

    public long AtMs { get; init; }

    /// <summary>The first 16 hex digits of SM3 over the signing public key, so a rotated key is recognised as such.</summary>
    public string KeyId { get; init; } = "";

    /// <summary>DER-encoded SM2 signature, hex.</summary>
    public string Signature { get; init; } = "";

    /// <summary>
    /// The seq of the checkpoint this one is chained to (0 = the first checkpoint), covered by the signature (version 2).
    /// Null for a version-1 checkpoint, signed before checkpoints were chained, whose signature covers (seq, hash, time) only.
    /// </summary>
    public long? PrevSeq { get; init; }
}

/// <summary>
/// The single row holding the chain's head. Every append moves it with a conditional update in the append's transaction:
/// the database guard that keeps two processes from forking the chain.
/// </summary>
public sealed class AuditHead
{
    public const int RowId = 1;

    public int Id { get; init; }

    public long Seq { get; set; }

    public string Hash { get; set; } = "";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => e.Seq);
        b.Property(e => e.Seq).HasColumnName("seq").ValueGeneratedNever();
        b.Property(e => e.AtMs).HasColumnName("at_ms");
        b.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(AuditLimits.Short);
        b.Property(e => e.Role).HasColumnName("role").HasMaxLength(AuditLimits.Short);
        b.Property(e => e.Department).HasColumnName("department").HasMaxLength(AuditLimits.Short);
        b.Property(e => e.Action).HasColumnName("action").HasMaxLength(AuditLimits.Short);
        b.Property(e => e.ObjectType).HasColumnName("object_type").HasMaxLength(AuditLimits.Short);
        b.Property(e => e.ObjectId).HasColumnName("object_id").HasMaxLength(AuditLimits.Medium);
        b.Property(e => e.Purpose).HasColumnName("purpose").HasMaxLength(AuditLimits.Medium);
        b.Property(e => e.LegalBasis).HasColumnName("legal_basis").HasMaxLength(AuditLimits.Medium);
        b.Property(e => e.Details).HasColumnName("details").HasMaxLength(AuditLimits.Long);
        b.Property(e => e.PrevHash).HasColumnName("prev_hash").HasMaxLength(64);
        b.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64);
        b.Ignore(e => e.At);
        b.HasIndex(e => e.AtMs);
        b.HasIndex(e => new { e.Actor, e.Seq });
        b.HasIndex(e => new { e.Action, e.Seq });
        b.HasIndex(e => new { e.Role, e.Seq });
        b.HasIndex(e => new { e.Department, e.Seq });
        b.HasIndex(e => new { e.ObjectType, e.ObjectId });
    }
}

internal sealed class AuditSubjectConfiguration : IEntityTypeConfiguration<AuditSubject>
{
    public void Configure(EntityTypeBuilder<AuditSubject> b)
    {
        b.ToTable("audit_subjects");
        b.HasKey(s => new { s.PersonId, s.Seq });
        b.Property(s => s.Seq).HasColumnName("seq");
        b.Property(s => s.PersonId).HasColumnName("person_id").HasMaxLength(AuditLimits.Short);
        b.HasIndex(s => s.Seq);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.ToTable("audit_checkpoints");
        b.HasKey(c => c.Seq);
        b.Property(c => c.Seq).HasColumnName("seq").ValueGeneratedNever();
        b.Property(c => c.Hash).HasColumnName("hash").HasMaxLength(64);
        b.Property(c => c.AtMs).HasColumnName("at_ms");
        b.Property(c => c.KeyId).HasColumnName("key_id").HasMaxLength(16);
        b.Property(c => c.Signature).HasColumnName("signature").HasMaxLength(200);
        b.Property(c => c.PrevSeq).HasColumnName("prev_seq");
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> b)
    {
        b.ToTable("audit_head");
        b.HasKey(h => h.Id);
        b.Property(h => h.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(h => h.Seq).HasColumnName("seq");
        b.Property(h => h.Hash).HasColumnName("hash").HasMaxLength(64);
        b.HasData(new AuditHead { Id = AuditHead.RowId, Seq = 0, Hash = AuditHash.Genesis });
    }
}

internal static class AuditLimits
{
    public const int Short = 100;
    public const int Medium = 500;
    public const int Long = 4000;
}
