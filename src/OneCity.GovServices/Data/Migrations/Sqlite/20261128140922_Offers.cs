using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.GovServices.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Offers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gov_benefit_grants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OfferId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubjectPersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Frequency = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_benefit_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_offer_scans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    TriggeredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    People = table.Column<int>(type: "INTEGER", nullable: false),
                    Matched = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_offer_scans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_offers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubjectPersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Frequency = table.Column<int>(type: "INTEGER", nullable: false),
                    ReasonCipher = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ScanId = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CommentCipher = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_offers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gov_benefit_grants_OfferId",
                table: "gov_benefit_grants",
                column: "OfferId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_benefit_grants_PersonId",
                table: "gov_benefit_grants",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_offers_DepartmentCode_Status",
                table: "gov_offers",
                columns: new[] { "DepartmentCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_offers_PersonId_Status",
                table: "gov_offers",
                columns: new[] { "PersonId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_offers_RuleCode_PersonId_PeriodKey",
                table: "gov_offers",
                columns: new[] { "RuleCode", "PersonId", "PeriodKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gov_benefit_grants");

            migrationBuilder.DropTable(
                name: "gov_offer_scans");

            migrationBuilder.DropTable(
                name: "gov_offers");
        }
    }
}
