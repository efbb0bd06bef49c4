using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CityOpsInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ops_classification_corrections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SuggestedCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CorrectedCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_classification_corrections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ops_incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    AreaCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DistrictCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    SubdistrictCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    GridId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    LocationNeeded = table.Column<bool>(type: "boolean", nullable: false),
                    LocationSource = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FirstChannel = table.Column<int>(type: "integer", nullable: false),
                    InspectorFound = table.Column<bool>(type: "boolean", nullable: false),
                    ClassificationConfidence = table.Column<double>(type: "double precision", nullable: false),
                    SuggestedCategoryCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    RuleId = table.Column<long>(type: "bigint", nullable: true),
                    RoutingExplanation = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ReportCount = table.Column<int>(type: "integer", nullable: false),
                    MergedIntoId = table.Column<long>(type: "bigint", nullable: true),
                    RefusalReason = table.Column<int>(type: "integer", nullable: true),
                    RefusalText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HandledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DispatchDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HandleDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CloseDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DispatchOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    HandleOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    CloseOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    ReworkCount = table.Column<int>(type: "integer", nullable: false),
                    BounceCount = table.Column<int>(type: "integer", nullable: false),
                    SlaStage = table.Column<int>(type: "integer", nullable: false),
                    SlaNextAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SuspendedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Satisfaction = table.Column<int>(type: "integer", nullable: true),
                    EvaluationComment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ops_responsibility_rules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CategoryCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UnitLevel = table.Column<int>(type: "integer", nullable: false),
                    UnitLine = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CoUnitLines = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_responsibility_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ops_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ReporterNameCipher = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ReporterPhoneCipher = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ReporterUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReporterEmailCipher = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    Source = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    ExternalId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Token = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MergeScore = table.Column<double>(type: "double precision", nullable: true),
                    OriginalIncidentId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ops_reports_ops_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "ops_incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ops_timeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_timeline", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ops_timeline_ops_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "ops_incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ops_work_orders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Lead = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HandledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Feedback = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    BounceReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DispatchedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_work_orders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ops_work_orders_ops_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "ops_incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ops_photos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    ReportId = table.Column<long>(type: "bigint", nullable: true),
                    WorkOrderId = table.Column<long>(type: "bigint", nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_photos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ops_photos_ops_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "ops_incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ops_photos_ops_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "ops_reports",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_CategoryCode_Status_ReportedAt",
                table: "ops_incidents",
                columns: new[] { "CategoryCode", "Status", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_DistrictCode_Status",
                table: "ops_incidents",
                columns: new[] { "DistrictCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_Number",
                table: "ops_incidents",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_ReportedAt",
                table: "ops_incidents",
                column: "ReportedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_SlaNextAt",
                table: "ops_incidents",
                column: "SlaNextAt");

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_Status_UpdatedAt",
                table: "ops_incidents",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_SubdistrictCode_Status",
                table: "ops_incidents",
                columns: new[] { "SubdistrictCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_UnitCode",
                table: "ops_incidents",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_ops_photos_IncidentId",
                table: "ops_photos",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ops_photos_ReportId",
                table: "ops_photos",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ops_reports_IncidentId",
                table: "ops_reports",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ops_reports_ReceivedAt",
                table: "ops_reports",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ops_reports_ReporterUserId",
                table: "ops_reports",
                column: "ReporterUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ops_reports_Source_ExternalId",
                table: "ops_reports",
                columns: new[] { "Source", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ops_reports_Token",
                table: "ops_reports",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ops_responsibility_rules_CategoryCode_AreaCode",
                table: "ops_responsibility_rules",
                columns: new[] { "CategoryCode", "AreaCode" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_timeline_IncidentId",
                table: "ops_timeline",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ops_work_orders_IncidentId",
                table: "ops_work_orders",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ops_work_orders_UnitCode_Status",
                table: "ops_work_orders",
                columns: new[] { "UnitCode", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ops_classification_corrections");

            migrationBuilder.DropTable(
                name: "ops_photos");

            migrationBuilder.DropTable(
                name: "ops_responsibility_rules");

            migrationBuilder.DropTable(
                name: "ops_timeline");

            migrationBuilder.DropTable(
                name: "ops_work_orders");

            migrationBuilder.DropTable(
                name: "ops_reports");

            migrationBuilder.DropTable(
                name: "ops_incidents");
        }
    }
}
