using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AgreementId = table.Column<long>(type: "INTEGER", nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    Calls = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_open_agreement_usage", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_open_agreements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ApplicantUserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ApplicantUserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OrganisationCreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MonthlyRowQuota = table.Column<int>(type: "INTEGER", nullable: false),
                    MonthlyCallQuota = table.Column<int>(type: "INTEGER", nullable: false),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
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
