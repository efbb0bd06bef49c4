using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TimeRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Extended",
                table: "ops_kpi",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Suspended",
                table: "ops_kpi",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ops_time_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    WorkOrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    WorkingHours = table.Column<int>(type: "INTEGER", nullable: true),
                    WorkingDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ExpectedResumeOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ResumedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResumedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HandleDueBefore = table.Column<long>(type: "INTEGER", nullable: true),
                    HandleDueAfter = table.Column<long>(type: "INTEGER", nullable: true),
                    CloseDueBefore = table.Column<long>(type: "INTEGER", nullable: true),
                    CloseDueAfter = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_time_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ops_time_requests_ops_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "ops_incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ops_time_requests_ops_work_orders_WorkOrderId",
                        column: x => x.WorkOrderId,
                        principalTable: "ops_work_orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ops_time_requests_IncidentId_Status",
                table: "ops_time_requests",
                columns: new[] { "IncidentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_time_requests_WorkOrderId",
                table: "ops_time_requests",
                column: "WorkOrderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ops_time_requests");

            migrationBuilder.DropColumn(
                name: "Extended",
                table: "ops_kpi");

            migrationBuilder.DropColumn(
                name: "Suspended",
                table: "ops_kpi");
        }
    }
}
