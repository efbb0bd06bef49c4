using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.GovServices.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Target = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StepId = table.Column<long>(type: "bigint", nullable: true),
                    DepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ServiceCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Stars = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<int>(type: "integer", nullable: true),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RatedByUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_ratings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_rectifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RatingId = table.Column<long>(type: "bigint", nullable: false),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    StepId = table.Column<long>(type: "bigint", nullable: true),
                    DepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Stars = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ResponseDueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FixDueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FeedbackDueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RespondedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RespondedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RespondedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Fix = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FixedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FixedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FixedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Feedback = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FeedbackBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FeedbackAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FeedbackOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
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
