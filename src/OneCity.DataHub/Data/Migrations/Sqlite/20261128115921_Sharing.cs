using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Sqlite
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
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DisabledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_clients", x => x.ClientId);
                });

            migrationBuilder.CreateTable(
                name: "datahub_grants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    GranteeDepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ClientIds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Fields = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ClearFields = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PurposeCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LegalBasisKind = table.Column<int>(type: "INTEGER", nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ValidFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidTo = table.Column<long>(type: "INTEGER", nullable: false),
                    RowScope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    RateLimitPerMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RevokeReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_applications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClientSecret = table.Column<string>(type: "TEXT", nullable: true),
                    ClientType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ConsentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayNames = table.Column<string>(type: "TEXT", nullable: true),
                    JsonWebKeySet = table.Column<string>(type: "TEXT", nullable: true),
                    Permissions = table.Column<string>(type: "TEXT", nullable: true),
                    PostLogoutRedirectUris = table.Column<string>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    RedirectUris = table.Column<string>(type: "TEXT", nullable: true),
                    Requirements = table.Column<string>(type: "TEXT", nullable: true),
                    Settings = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_oidc_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_scopes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Descriptions = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayNames = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    Resources = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_oidc_scopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_sharing_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    RequestingDepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Fields = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ClearFields = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PurposeCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PurposeDescription = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    LegalBasisKind = table.Column<int>(type: "INTEGER", nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ValidFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidTo = table.Column<long>(type: "INTEGER", nullable: false),
                    RowScope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_sharing_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_authorizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    Scopes = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_oidc_authorizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_datahub_oidc_authorizations_datahub_oidc_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "datahub_oidc_applications",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "datahub_oidc_tokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<string>(type: "TEXT", nullable: true),
                    AuthorizationId = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpirationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    RedemptionDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReferenceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true)
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
                        name: "FK_datahub_oidc_tokens_datahub_oidc_authorizations_AuthorizationId",
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
                name: "IX_datahub_oidc_authorizations_ApplicationId_Status_Subject_Type",
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
