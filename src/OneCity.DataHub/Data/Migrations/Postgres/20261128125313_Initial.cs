using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "datahub_clients",
                columns: table => new
                {
                    ClientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DisabledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_clients", x => x.ClientId);
                });

            migrationBuilder.CreateTable(
                name: "datahub_consents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    GranteeDepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GivenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_consents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_datasets",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DescriptionZh = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    OwnerDepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SourceSystem = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdateFrequency = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    SharingType = table.Column<int>(type: "integer", nullable: false),
                    OpenType = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    Keywords = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Theme = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Spatial = table.Column<bool>(type: "boolean", nullable: false),
                    KeyField = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    DataUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MetadataUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Published = table.Column<bool>(type: "boolean", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Licence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_datasets", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "datahub_grants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    GranteeDepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ClientIds = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Fields = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ClearFields = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    PurposeCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LegalBasisKind = table.Column<int>(type: "integer", nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ValidFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ValidTo = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RowScope = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    RateLimitPerMinute = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RevokeReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RequestId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_objections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AuditSeq = table.Column<long>(type: "bigint", nullable: false),
                    AccessAction = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AccessDepartment = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AccessPurpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AccessTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    HandledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    HandledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_objections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_applications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ApplicationType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ClientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClientSecret = table.Column<string>(type: "text", nullable: true),
                    ClientType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ConsentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    DisplayName = table.Column<string>(type: "text", nullable: true),
                    DisplayNames = table.Column<string>(type: "text", nullable: true),
                    JsonWebKeySet = table.Column<string>(type: "text", nullable: true),
                    Permissions = table.Column<string>(type: "text", nullable: true),
                    PostLogoutRedirectUris = table.Column<string>(type: "text", nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    RedirectUris = table.Column<string>(type: "text", nullable: true),
                    Requirements = table.Column<string>(type: "text", nullable: true),
                    Settings = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_oidc_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_scopes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Description = table.Column<string>(type: "text", nullable: true),
                    Descriptions = table.Column<string>(type: "text", nullable: true),
                    DisplayName = table.Column<string>(type: "text", nullable: true),
                    DisplayNames = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    Resources = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_oidc_scopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_open_agreement_usage",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgreementId = table.Column<long>(type: "bigint", nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Calls = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_open_agreement_usage", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_open_agreements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    ApplicantUserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ApplicantUserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OrganisationCreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MonthlyRowQuota = table.Column<int>(type: "integer", nullable: false),
                    MonthlyCallQuota = table.Column<int>(type: "integer", nullable: false),
                    Terms = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_open_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_sharing_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    RequestingDepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Fields = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ClearFields = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    PurposeCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PurposeDescription = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    LegalBasisKind = table.Column<int>(type: "integer", nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ValidFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ValidTo = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RowScope = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DecisionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GrantId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_sharing_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_dataset_fields",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Required = table.Column<bool>(type: "boolean", nullable: false),
                    PersonalClass = table.Column<int>(type: "integer", nullable: false),
                    MaskKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    DescriptionZh = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_dataset_fields", x => x.Id);
                    table.ForeignKey(
                        name: "FK_datahub_dataset_fields_datahub_datasets_DatasetCode",
                        column: x => x.DatasetCode,
                        principalTable: "datahub_datasets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_authorizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ApplicationId = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    Scopes = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_oidc_authorizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_datahub_oidc_authorizations_datahub_oidc_applications_Appli~",
                        column: x => x.ApplicationId,
                        principalTable: "datahub_oidc_applications",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_tokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ApplicationId = table.Column<string>(type: "text", nullable: true),
                    AuthorizationId = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExpirationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Payload = table.Column<string>(type: "text", nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    RedemptionDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReferenceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_oidc_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_datahub_oidc_tokens_datahub_oidc_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "datahub_oidc_applications",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_datahub_oidc_tokens_datahub_oidc_authorizations_Authorizati~",
                        column: x => x.AuthorizationId,
                        principalTable: "datahub_oidc_authorizations",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_clients_DepartmentCode",
                table: "datahub_clients",
                column: "DepartmentCode");

            migrationBuilder.CreateIndex(
                name: "IX_datahub_consents_PersonId_GranteeDepartmentCode_Purpose",
                table: "datahub_consents",
                columns: new[] { "PersonId", "GranteeDepartmentCode", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_dataset_fields_DatasetCode_Name",
                table: "datahub_dataset_fields",
                columns: new[] { "DatasetCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_datasets_OwnerDepartmentCode",
                table: "datahub_datasets",
                column: "OwnerDepartmentCode");

            migrationBuilder.CreateIndex(
                name: "IX_datahub_datasets_Published_OpenType",
                table: "datahub_datasets",
                columns: new[] { "Published", "OpenType" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_grants_GranteeDepartmentCode_DatasetCode_Status",
                table: "datahub_grants",
                columns: new[] { "GranteeDepartmentCode", "DatasetCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_objections_PersonId",
                table: "datahub_objections",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_datahub_objections_PersonId_AuditSeq",
                table: "datahub_objections",
                columns: new[] { "PersonId", "AuditSeq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_objections_Status_DueOn",
                table: "datahub_objections",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_oidc_applications_ClientId",
                table: "datahub_oidc_applications",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_oidc_authorizations_ApplicationId_Status_Subject_Ty~",
                table: "datahub_oidc_authorizations",
                columns: new[] { "ApplicationId", "Status", "Subject", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_oidc_scopes_Name",
                table: "datahub_oidc_scopes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_oidc_tokens_ApplicationId_Status_Subject_Type",
                table: "datahub_oidc_tokens",
                columns: new[] { "ApplicationId", "Status", "Subject", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_oidc_tokens_AuthorizationId",
                table: "datahub_oidc_tokens",
                column: "AuthorizationId");

            migrationBuilder.CreateIndex(
                name: "IX_datahub_oidc_tokens_ReferenceId",
                table: "datahub_oidc_tokens",
                column: "ReferenceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_open_agreement_usage_AgreementId_Month",
                table: "datahub_open_agreement_usage",
                columns: new[] { "AgreementId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_open_agreements_DatasetCode_ApplicantUserId",
                table: "datahub_open_agreements",
                columns: new[] { "DatasetCode", "ApplicantUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_open_agreements_Status",
                table: "datahub_open_agreements",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_datahub_records_DatasetCode_AreaCode",
                table: "datahub_records",
                columns: new[] { "DatasetCode", "AreaCode" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_records_DatasetCode_Key",
                table: "datahub_records",
                columns: new[] { "DatasetCode", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_sharing_requests_DatasetCode_Status",
                table: "datahub_sharing_requests",
                columns: new[] { "DatasetCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_sharing_requests_RequestingDepartmentCode_Status",
                table: "datahub_sharing_requests",
                columns: new[] { "RequestingDepartmentCode", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "datahub_clients");

            migrationBuilder.DropTable(
                name: "datahub_consents");

            migrationBuilder.DropTable(
                name: "datahub_dataset_fields");

            migrationBuilder.DropTable(
                name: "datahub_grants");

            migrationBuilder.DropTable(
                name: "datahub_objections");

            migrationBuilder.DropTable(
                name: "datahub_oidc_scopes");

            migrationBuilder.DropTable(
                name: "datahub_oidc_tokens");

            migrationBuilder.DropTable(
                name: "datahub_open_agreement_usage");

            migrationBuilder.DropTable(
                name: "datahub_open_agreements");

            migrationBuilder.DropTable(
                name: "datahub_records");

            migrationBuilder.DropTable(
                name: "datahub_sharing_requests");

            migrationBuilder.DropTable(
                name: "datahub_datasets");

            migrationBuilder.DropTable(
                name: "datahub_oidc_authorizations");

            migrationBuilder.DropTable(
                name: "datahub_oidc_applications");
        }
    }
}
