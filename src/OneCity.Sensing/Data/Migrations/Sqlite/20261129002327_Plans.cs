using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.Sensing.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Areas = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EndNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_activations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_level_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivationId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    ToLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_level_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_proposals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Areas = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ActivationId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_proposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_resource_replies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_resource_replies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_resource_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivationId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromDepartment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ToDepartment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    What = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Quantity = table.Column<double>(type: "REAL", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    NeededBy = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_resource_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_task_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivationId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_plan_task_notes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_plan_tasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    PlanTaskKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DependsOn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CheckedInAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
