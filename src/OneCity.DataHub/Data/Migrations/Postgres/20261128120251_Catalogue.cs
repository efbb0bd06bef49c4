using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Catalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "datahub_open_agreement_usage");

            migrationBuilder.DropTable(
                name: "datahub_open_agreements");
        }
    }
}
