using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.Sensing.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Plans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sens_plan_activations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Areas = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProposalId = table.Column<long>(type: "bigint", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EndNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_activations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_level_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ActivationId = table.Column<long>(type: "bigint", nullable: false),
                    FromLevel = table.Column<int>(type: "integer", nullable: true),
                    ToLevel = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_level_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Areas = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ActivationId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_proposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_resource_replies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_resource_replies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_resource_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ActivationId = table.Column<long>(type: "bigint", nullable: false),
                    FromDepartment = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ToDepartment = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    What = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Quantity = table.Column<double>(type: "double precision", nullable: false),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    NeededBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_resource_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_task_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    ActivationId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_task_notes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_tasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ActivationId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PlanTaskKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DependsOn = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CheckedInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_tasks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_activations_running",
                table: "sens_plan_activations",
                column: "PlanCode",
                unique: true,
                filter: "\"EndedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_activations_StartedAt",
                table: "sens_plan_activations",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_level_changes_ActivationId",
                table: "sens_plan_level_changes",
                column: "ActivationId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_proposals_pending",
                table: "sens_plan_proposals",
                column: "PlanCode",
                unique: true,
                filter: "\"Status\" = 'pending'");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_proposals_Status_CreatedAt",
                table: "sens_plan_proposals",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_resource_replies_RequestId",
                table: "sens_plan_resource_replies",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_resource_requests_ActivationId",
                table: "sens_plan_resource_requests",
                column: "ActivationId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_resource_requests_FromDepartment",
                table: "sens_plan_resource_requests",
                column: "FromDepartment");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_resource_requests_ToDepartment",
                table: "sens_plan_resource_requests",
                column: "ToDepartment");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_task_notes_ActivationId",
                table: "sens_plan_task_notes",
                column: "ActivationId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_task_notes_TaskId",
                table: "sens_plan_task_notes",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_tasks_ActivationId_Key",
                table: "sens_plan_tasks",
                columns: new[] { "ActivationId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sens_plan_tasks_DepartmentCode_Status",
                table: "sens_plan_tasks",
                columns: new[] { "DepartmentCode", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sens_plan_activations");

            migrationBuilder.DropTable(
                name: "sens_plan_level_changes");

            migrationBuilder.DropTable(
                name: "sens_plan_proposals");

            migrationBuilder.DropTable(
                name: "sens_plan_resource_replies");

            migrationBuilder.DropTable(
                name: "sens_plan_resource_requests");

            migrationBuilder.DropTable(
                name: "sens_plan_task_notes");

            migrationBuilder.DropTable(
                name: "sens_plan_tasks");
        }
    }
}
