using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.Sensing.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CapAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sens_cap_alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Origin = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Version = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Identifier = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Sender = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Sent = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentText = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    MsgType = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Scope = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Source = table.Column<string>(type: "text", nullable: true),
                    References = table.Column<string>(type: "text", nullable: true),
                    Incidents = table.Column<string>(type: "text", nullable: true),
                    Signed = table.Column<bool>(type: "boolean", nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Thread = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    SupersededById = table.Column<long>(type: "bigint", nullable: true),
                    WarningJson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_cap_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sens_cap_alert_xml",
                columns: table => new
                {
                    AlertId = table.Column<long>(type: "bigint", nullable: false),
                    Bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_cap_alert_xml", x => x.AlertId);
                    table.ForeignKey(
                        name: "FK_sens_cap_alert_xml_sens_cap_alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "sens_cap_alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sens_cap_infos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AlertId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Categories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Event = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    EventKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ResponseTypes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Urgency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Severity = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Certainty = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Audience = table.Column<string>(type: "text", nullable: true),
                    EventCodes = table.Column<string>(type: "text", nullable: true),
                    Effective = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Onset = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Expires = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SenderName = table.Column<string>(type: "text", nullable: true),
                    Headline = table.Column<string>(type: "text", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: true),
                    Instruction = table.Column<string>(type: "text", nullable: true),
                    Web = table.Column<string>(type: "text", nullable: true),
                    Contact = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_cap_infos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sens_cap_infos_sens_cap_alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "sens_cap_alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sens_cap_areas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InfoId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    AreaDesc = table.Column<string>(type: "text", nullable: false),
                    PolygonCount = table.Column<int>(type: "integer", nullable: false),
                    Polygons = table.Column<string>(type: "text", nullable: true),
                    CircleCount = table.Column<int>(type: "integer", nullable: false),
                    Circles = table.Column<string>(type: "text", nullable: true),
                    Altitude = table.Column<double>(type: "double precision", nullable: true),
                    Ceiling = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_cap_areas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sens_cap_areas_sens_cap_infos_InfoId",
                        column: x => x.InfoId,
                        principalTable: "sens_cap_infos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sens_cap_geocodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AreaId = table.Column<long>(type: "bigint", nullable: false),
                    ValueName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_cap_geocodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sens_cap_geocodes_sens_cap_areas_AreaId",
                        column: x => x.AreaId,
                        principalTable: "sens_cap_areas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_alerts_Origin_SupersededById",
                table: "sens_cap_alerts",
                columns: new[] { "Origin", "SupersededById" });

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_alerts_Sender_Identifier_Sent",
                table: "sens_cap_alerts",
                columns: new[] { "Sender", "Identifier", "Sent" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_alerts_Sent",
                table: "sens_cap_alerts",
                column: "Sent");

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_alerts_Thread",
                table: "sens_cap_alerts",
                column: "Thread");

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_areas_InfoId",
                table: "sens_cap_areas",
                column: "InfoId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_geocodes_AreaId",
                table: "sens_cap_geocodes",
                column: "AreaId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_geocodes_Value_ValueName",
                table: "sens_cap_geocodes",
                columns: new[] { "Value", "ValueName" });

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_infos_AlertId",
                table: "sens_cap_infos",
                column: "AlertId");

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_infos_EventKey_Severity",
                table: "sens_cap_infos",
                columns: new[] { "EventKey", "Severity" });

            migrationBuilder.CreateIndex(
                name: "IX_sens_cap_infos_Expires",
                table: "sens_cap_infos",
                column: "Expires");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sens_cap_alert_xml");

            migrationBuilder.DropTable(
                name: "sens_cap_geocodes");

            migrationBuilder.DropTable(
                name: "sens_cap_areas");

            migrationBuilder.DropTable(
                name: "sens_cap_infos");

            migrationBuilder.DropTable(
                name: "sens_cap_alerts");
        }
    }
}
