using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Sharing : Migration
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
                name: "IX_datahub_grants_GranteeDepartmentCode_DatasetCode_Status",
                table: "datahub_grants",
                columns: new[] { "GranteeDepartmentCode", "DatasetCode", "Status" });

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
                name: "datahub_grants");

            migrationBuilder.DropTable(
                name: "datahub_oidc_scopes");

            migrationBuilder.DropTable(
                name: "datahub_oidc_tokens");

            migrationBuilder.DropTable(
                name: "datahub_sharing_requests");

            migrationBuilder.DropTable(
                name: "datahub_oidc_authorizations");

            migrationBuilder.DropTable(
                name: "datahub_oidc_applications");
        }
    }
}
