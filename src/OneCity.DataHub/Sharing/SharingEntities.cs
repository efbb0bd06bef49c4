using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenIddict.EntityFrameworkCore.Models;

namespace OneCity.DataHub.Sharing;

internal enum RequestStatus
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
    Withdrawn = 3,
}

internal enum LegalBasisKind
{
    Statutory = 0,
    Consent = 1,
}

internal enum GrantStatus
{
    Active = 0,
    Revoked = 1,
    Expired = 2,
}

/// <summary>A department's request for (part of) a dataset, for one purpose, on one legal basis, for one period.</summary>
internal sealed class SharingRequest
{
    public long Id { get; init; }

    public required string DatasetCode { get; init; }

    public required string RequestingDepartmentCode { get; init; }

    public required string RequestedBy { get; init; }

    /// <summary>Requested field names, comma-separated, in schema order.</summary>
    public required string Fields { get; set; }

    /// <summary>Personal fields asked for in clear (unmasked), comma-separated.</summary>
    public string ClearFields { get; set; } = "";

    public required string PurposeCode { get; init; }

    public required string PurposeDescription { get; init; }

    public LegalBasisKind LegalBasisKind { get; init; }

    /// <summary>The statutory text (law, article) or, for consent, what the citizen consents to.</summary>
    public required string LegalBasis { get; init; }

    public DateTimeOffset ValidFrom { get; init; }

    /// <summary>Exclusive end of the period.</summary>
    public DateTimeOffset ValidTo { get; init; }

    /// <summary>Optional area code the rows are limited to (within the requester's jurisdiction).</summary>
    public string? RowScope { get; init; }

    public RequestStatus Status { get; set; }

    public string? DecisionReason { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public long? GrantId { get; set; }
}

/// <summary>What a department's systems may read from a dataset: fields, purpose, basis, period, rows, rate.</summary>
internal sealed class Grant
{
    public long Id { get; init; }

    public required string DatasetCode { get; init; }

    public required string GranteeDepartmentCode { get; init; }

    /// <summary>Client ids the grant is limited to, comma-separated; empty = every client of the grantee department.</summary>
    public string ClientIds { get; set; } = "";

    public required string Fields { get; set; }

    public string ClearFields { get; set; } = "";

    public required string PurposeCode { get; init; }

    public LegalBasisKind LegalBasisKind { get; init; }

    public required string LegalBasis { get; init; }

    public DateTimeOffset ValidFrom { get; set; }

    public DateTimeOffset ValidTo { get; set; }

    public string? RowScope { get; init; }

    public int RateLimitPerMinute { get; set; } = 600;

    public GrantStatus Status { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public string? RevokeReason { get; set; }

    public long? RequestId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<string> FieldList => Split(Fields);

    public IReadOnlyList<string> ClearFieldList => Split(ClearFields);

    public IReadOnlyList<string> ClientIdList => Split(ClientIds);

    public bool AllowsClient(string clientId) => ClientIdList.Count == 0 || ClientIdList.Contains(clientId, StringComparer.Ordinal);

    /// <summary>Active and inside its period at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) => Status == GrantStatus.Active && now >= ValidFrom && now < ValidTo;

    public static IReadOnlyList<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>An OAuth client of the data API, bound to one department (the OpenIddict application holds the secret).</summary>
internal sealed class DataClient
{
    public required string ClientId { get; init; }

    public required string DepartmentCode { get; init; }

    public required string DisplayName { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? DisabledAt { get; set; }
}

internal sealed class SharingRequestConfiguration : IEntityTypeConfiguration<SharingRequest>
{
    public void Configure(EntityTypeBuilder<SharingRequest> b)
    {
        b.ToTable("datahub_sharing_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.DatasetCode).HasMaxLength(80);
        b.Property(r => r.RequestingDepartmentCode).HasMaxLength(40);
        b.Property(r => r.RequestedBy).HasMaxLength(100);
        b.Property(r => r.Fields).HasMaxLength(4000);
        b.Property(r => r.ClearFields).HasMaxLength(4000);
        b.Property(r => r.PurposeCode).HasMaxLength(100);
        b.Property(r => r.PurposeDescription).HasMaxLength(1000);
        b.Property(r => r.LegalBasis).HasMaxLength(1000);
        b.Property(r => r.RowScope).HasMaxLength(20);
        b.Property(r => r.DecisionReason).HasMaxLength(1000);
        b.Property(r => r.DecidedBy).HasMaxLength(100);
        b.HasIndex(r => new { r.RequestingDepartmentCode, r.Status });
        b.HasIndex(r => new { r.DatasetCode, r.Status });
    }
}

internal sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> b)
    {
        b.ToTable("datahub_grants");
        b.HasKey(g => g.Id);
        b.Property(g => g.DatasetCode).HasMaxLength(80);
        b.Property(g => g.GranteeDepartmentCode).HasMaxLength(40);
        b.Property(g => g.ClientIds).HasMaxLength(1000);
        b.Property(g => g.Fields).HasMaxLength(4000);
        b.Property(g => g.ClearFields).HasMaxLength(4000);
        b.Property(g => g.PurposeCode).HasMaxLength(100);
        b.Property(g => g.LegalBasis).HasMaxLength(1000);
        b.Property(g => g.RowScope).HasMaxLength(20);
        b.Property(g => g.RevokedBy).HasMaxLength(100);
        b.Property(g => g.RevokeReason).HasMaxLength(1000);
        b.Ignore(g => g.FieldList);
        b.Ignore(g => g.ClearFieldList);
        b.Ignore(g => g.ClientIdList);
        b.HasIndex(g => new { g.GranteeDepartmentCode, g.DatasetCode, g.Status });
    }
}

internal sealed class DataClientConfiguration : IEntityTypeConfiguration<DataClient>
{
    public void Configure(EntityTypeBuilder<DataClient> b)
    {
        b.ToTable("datahub_clients");
        b.HasKey(c => c.ClientId);
        b.Property(c => c.ClientId).HasMaxLength(100);
        b.Property(c => c.DepartmentCode).HasMaxLength(40);
        b.Property(c => c.DisplayName).HasMaxLength(200);
        b.Property(c => c.CreatedBy).HasMaxLength(100);
        b.HasIndex(c => c.DepartmentCode);
    }
}

/// <summary>OpenIddict's stores live in DataHub's database under the module's table prefix.</summary>
internal sealed class OidcApplicationConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreApplication>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreApplication> b) => b.ToTable("datahub_oidc_applications");
}

internal sealed class OidcAuthorizationConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreAuthorization>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreAuthorization> b) => b.ToTable("datahub_oidc_authorizations");
}

internal sealed class OidcScopeConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreScope>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreScope> b) => b.ToTable("datahub_oidc_scopes");
}

internal sealed class OidcTokenConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreToken>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreToken> b) => b.ToTable("datahub_oidc_tokens");
}
