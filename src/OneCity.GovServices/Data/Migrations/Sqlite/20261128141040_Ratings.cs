using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.GovServices.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Ratings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gov_ratings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StepId = table.Column<long>(type: "INTEGER", nullable: true),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Stars = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RatedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_ratings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_rectifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RatingId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    StepId = table.Column<long>(type: "INTEGER", nullable: true),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Stars = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ResponseDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FixDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FeedbackDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RespondedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RespondedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RespondedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Fix = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FixedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FixedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FixedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Feedback = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FeedbackBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FeedbackAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FeedbackOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_rectifications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gov_ratings_ApplicationId_Target",
                table: "gov_ratings",
                columns: new[] { "ApplicationId", "Target" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_ratings_DepartmentCode",
                table: "gov_ratings",
                column: "DepartmentCode");

            migrationBuilder.CreateIndex(
                name: "IX_gov_rectifications_ApplicationId",
                table: "gov_rectifications",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_rectifications_DepartmentCode_Status",
                table: "gov_rectifications",
                columns: new[] { "DepartmentCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_rectifications_RatingId_DepartmentCode",
                table: "gov_rectifications",
                columns: new[] { "RatingId", "DepartmentCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gov_ratings");

            migrationBuilder.DropTable(
                name: "gov_rectifications");
        }
    }
}
