using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneCity.DataHub.Catalogue;

/// <summary>Data Security Law grading (数据分级).</summary>
internal enum DataLevel
{
    General = 0,
    Important = 1,
    Core = 2,
}

/// <summary>PIPL class of a field (个人信息 / 敏感个人信息).</summary>
internal enum PersonalClass
{
    None = 0,
    Personal = 1,
    SensitivePersonal = 2,
}

/// <summary>无条件共享 / 有条件共享 / 不予共享.</summary>
internal enum SharingType
{
    Unconditional = 0,
    Conditional = 1,
    NotShared = 2,
}

/// <summary>无条件开放 / 有条件开放 / 非开放 (Shanghai Data Regulations).</summary>
internal enum OpenType
{
    Open = 0,
    ConditionalOpen = 1,
    NotOpen = 2,
}

internal enum UpdateFrequency
{
    RealTime = 0,
    Daily = 1,
    Weekly = 2,
    Monthly = 3,
    Quarterly = 4,
    Yearly = 5,
    Irregular = 6,
}

/// <summary>Where a dataset's records live: a kernel base registry served live, or rows stored in DataHub.</summary>
internal enum DatasetSource
{
    /// <summary>Rows in <see cref="DatasetRecord"/>.</summary>
    Stored = 0,
    /// <summary>The kernel's population registry.</summary>
    PopulationRegistry = 1,
    LegalEntityRegistry = 2,
    PropertyRegistry = 3,
    ELicenceRegistry = 4,
    GeographyRegistry = 5,
    /// <summary>Operational data of a module (GovServices, CityOps), declared here and served through its contract.</summary>
    ModuleOperational = 6,
}

/// <summary>One dataset in the government data resource catalogue (政务数据资源目录).</summary>
internal sealed class Dataset
{
    /// <summary>Stable code, e.g. <c>SH-GA-population</c>.</summary>
    public required string Code { get; init; }

    public required string TitleZh { get; set; }

    public required string TitleEn { get; set; }

    public string DescriptionZh { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    /// <summary>Owning department code (Platform <c>departments</c>).</summary>
    public required string OwnerDepartmentCode { get; set; }

    public required string SourceSystem { get; set; }

    public UpdateFrequency UpdateFrequency { get; set; }

    public DataLevel Level { get; set; }

    public SharingType SharingType { get; set; }

    public OpenType OpenType { get; set; }

    public DatasetSource Source { get; set; }

    /// <summary>Comma-separated keywords (zh and en).</summary>
    public string Keywords { get; set; } = "";

    /// <summary>A theme from the catalogue's theme list (e.g. 交通出行 / transport).</summary>
    public string Theme { get; set; } = "";

    /// <summary>True when records carry point or polygon geometry (GeoJSON download).</summary>
    public bool Spatial { get; set; }

    /// <summary>The field that identifies a record (for key lookups in the data API).</summary>
    public required string KeyField { get; set; }

    /// <summary>When the data itself last changed (freshness is measured against <see cref="UpdateFrequency"/>).</summary>
    public DateTimeOffset DataUpdatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset MetadataUpdatedAt { get; set; }

    /// <summary>Published on the open-data portal (only Open or ConditionalOpen datasets without personal fields).</summary>
    public bool Published { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string Licence { get; set; } = "";

    public List<DatasetField> Fields { get; init; } = [];
}

/// <summary>One field of a dataset's schema.</summary>
internal sealed class DatasetField
{
    public long Id { get; init; }

    public required string DatasetCode { get; init; }

    public required int Position { get; set; }

    /// <summary>Machine name, e.g. <c>idNumber</c>.</summary>
    public required string Name { get; set; }

    public required string TitleZh { get; set; }

    public required string TitleEn { get; set; }

    /// <summary>string, integer, decimal, boolean, date, datetime, geometry.</summary>
    public required string Type { get; set; }

    public bool Required { get; set; }

    public PersonalClass PersonalClass { get; set; }

    /// <summary>How to mask it when the grant does not allow clear values: name, idNumber, mobile, address, full.</summary>
    public string? MaskKind { get; set; }

    public string DescriptionZh { get; set; } = "";
}

/// <summary>A record of a stored dataset, as JSON, with its key and (when spatial or local) its area.</summary>
internal sealed class DatasetRecord
{
    public long Id { get; init; }

    public required string DatasetCode { get; init; }

    public required string Key { get; init; }

    /// <summary>Never changed once stored: <see cref="Values"/> index it.</summary>
    public required string Json { get; init; }

    /// <summary>The area the record belongs to (for jurisdiction-limited grants and statistics), if any.</summary>
    public string? AreaCode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Its scalar values, for filters in SQL; added by <see cref="Data.DataHubDbContext"/> when the record is.</summary>
    public List<DatasetRecordValue> Values { get; init; } = [];
}

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> b)
    {
        b.ToTable("datahub_datasets");
        b.HasKey(d => d.Code);
        b.Property(d => d.Code).HasMaxLength(80);
        b.Property(d => d.TitleZh).HasMaxLength(200);
        b.Property(d => d.TitleEn).HasMaxLength(300);
        b.Property(d => d.DescriptionZh).HasMaxLength(4000);
        b.Property(d => d.DescriptionEn).HasMaxLength(4000);
        b.Property(d => d.OwnerDepartmentCode).HasMaxLength(40);
        b.Property(d => d.SourceSystem).HasMaxLength(200);
        b.Property(d => d.Keywords).HasMaxLength(1000);
        b.Property(d => d.Theme).HasMaxLength(100);
        b.Property(d => d.KeyField).HasMaxLength(80);
        b.Property(d => d.Licence).HasMaxLength(200);
        b.HasMany(d => d.Fields).WithOne().HasForeignKey(f => f.DatasetCode).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.OwnerDepartmentCode);
        b.HasIndex(d => new { d.Published, d.OpenType });
    }
}

internal sealed class DatasetFieldConfiguration : IEntityTypeConfiguration<DatasetField>
{
    public void Configure(EntityTypeBuilder<DatasetField> b)
    {
        b.ToTable("datahub_dataset_fields");
        b.HasKey(f => f.Id);
        b.Property(f => f.DatasetCode).HasMaxLength(80);
        b.Property(f => f.Name).HasMaxLength(80);
        b.Property(f => f.TitleZh).HasMaxLength(200);
        b.Property(f => f.TitleEn).HasMaxLength(300);
        b.Property(f => f.Type).HasMaxLength(20);
        b.Property(f => f.MaskKind).HasMaxLength(20);
        b.Property(f => f.DescriptionZh).HasMaxLength(1000);
        b.HasIndex(f => new { f.DatasetCode, f.Name }).IsUnique();
    }
}

internal sealed class DatasetRecordConfiguration : IEntityTypeConfiguration<DatasetRecord>
{
    public void Configure(EntityTypeBuilder<DatasetRecord> b)
    {
        b.ToTable("datahub_records");
        b.HasKey(r => r.Id);
        b.Property(r => r.DatasetCode).HasMaxLength(80);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.AreaCode).HasMaxLength(20);
        b.HasIndex(r => new { r.DatasetCode, r.Key }).IsUnique();
        b.HasIndex(r => new { r.DatasetCode, r.AreaCode });
        b.HasMany(r => r.Values).WithOne().HasForeignKey(v => v.RecordId).OnDelete(DeleteBehavior.Cascade);
    }
}
