using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.Sensing.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SensingInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sens_alarms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeviceId = table.Column<int>(type: "integer", nullable: false),
                    DeviceCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    RuleId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Severity = table.Column<int>(type: "integer", nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ObservedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Threshold = table.Column<double>(type: "double precision", nullable: true),
                    ExpectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ClearedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IncidentNumber = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Synthetic = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_alarms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_devices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    NameZh = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    DistrictCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SubdistrictCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    DepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ValidMin = table.Column<double>(type: "double precision", nullable: false),
                    ValidMax = table.Column<double>(type: "double precision", nullable: false),
                    WarningThreshold = table.Column<double>(type: "double precision", nullable: false),
                    AlarmThreshold = table.Column<double>(type: "double precision", nullable: false),
                    Hysteresis = table.Column<double>(type: "double precision", nullable: false),
                    PeriodSeconds = table.Column<int>(type: "integer", nullable: false),
                    Synthetic = table.Column<bool>(type: "boolean", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_devices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_gateway_keys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    KeyHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_gateway_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_rejections",
                columns: table => new
                {
                    DeviceCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    LastAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_rejections", x => new { x.DeviceCode, x.Reason });
                });

            migrationBuilder.CreateTable(
                name: "sens_rules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeviceType = table.Column<int>(type: "integer", nullable: true),
                    DeviceCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Severity = table.Column<int>(type: "integer", nullable: false),
                    NameZh = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Threshold = table.Column<double>(type: "double precision", nullable: true),
                    MaxChangePerMinute = table.Column<double>(type: "double precision", nullable: true),
                    OfflinePeriods = table.Column<int>(type: "integer", nullable: true),
                    Window = table.Column<int>(type: "integer", nullable: true),
                    MadK = table.Column<double>(type: "double precision", nullable: true),
                    HorizonMinutes = table.Column<int>(type: "integer", nullable: true),
                    CreateIncident = table.Column<bool>(type: "boolean", nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_rules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sens_alarms_ClearedAt",
                table: "sens_alarms",
                column: "ClearedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sens_alarms_DeviceId_RaisedAt",
                table: "sens_alarms",
                columns: new[] { "DeviceId", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sens_devices_Code",
                table: "sens_devices",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sens_devices_DistrictCode_Type",
                table: "sens_devices",
                columns: new[] { "DistrictCode", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_sens_gateway_keys_KeyHash",
                table: "sens_gateway_keys",
                column: "KeyHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sens_alarms");

            migrationBuilder.DropTable(
                name: "sens_devices");

            migrationBuilder.DropTable(
                name: "sens_gateway_keys");

            migrationBuilder.DropTable(
                name: "sens_rejections");

            migrationBuilder.DropTable(
                name: "sens_rules");
        }
    }
}
