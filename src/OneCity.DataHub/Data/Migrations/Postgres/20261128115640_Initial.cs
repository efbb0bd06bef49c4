using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "datahub_consents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    GranteeDepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GivenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_consents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_datasets",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DescriptionZh = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    OwnerDepartmentCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SourceSystem = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdateFrequency = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    SharingType = table.Column<int>(type: "integer", nullable: false),
                    OpenType = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    Keywords = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Theme = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Spatial = table.Column<bool>(type: "boolean", nullable: false),
                    KeyField = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    DataUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MetadataUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Published = table.Column<bool>(type: "boolean", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Licence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_datasets", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "datahub_objections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AuditSeq = table.Column<long>(type: "bigint", nullable: false),
                    AccessAction = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AccessDepartment = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AccessPurpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AccessTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    HandledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    HandledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_objections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_dataset_fields",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Required = table.Column<bool>(type: "boolean", nullable: false),
                    PersonalClass = table.Column<int>(type: "integer", nullable: false),
                    MaskKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    DescriptionZh = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_dataset_fields", x => x.Id);
                    table.ForeignKey(
                        name: "FK_datahub_dataset_fields_datahub_datasets_DatasetCode",
                        column: x => x.DatasetCode,
                        principalTable: "datahub_datasets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_consents_PersonId_GranteeDepartmentCode_Purpose",
                table: "datahub_consents",
                columns: new[] { "PersonId", "GranteeDepartmentCode", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_dataset_fields_DatasetCode_Name",
                table: "datahub_dataset_fields",
                columns: new[] { "DatasetCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_datasets_OwnerDepartmentCode",
                table: "datahub_datasets",
                column: "OwnerDepartmentCode");

            migrationBuilder.CreateIndex(
                name: "IX_datahub_datasets_Published_OpenType",
                table: "datahub_datasets",
                columns: new[] { "Published", "OpenType" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_objections_PersonId",
                table: "datahub_objections",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_datahub_objections_PersonId_AuditSeq",
                table: "datahub_objections",
                columns: new[] { "PersonId", "AuditSeq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_datahub_objections_Status_DueOn",
                table: "datahub_objections",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_records_DatasetCode_AreaCode",
                table: "datahub_records",
                columns: new[] { "DatasetCode", "AreaCode" });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_records_DatasetCode_Key",
                table: "datahub_records",
                columns: new[] { "DatasetCode", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "datahub_consents");

            migrationBuilder.DropTable(
                name: "datahub_dataset_fields");

            migrationBuilder.DropTable(
                name: "datahub_objections");

            migrationBuilder.DropTable(
                name: "datahub_records");

            migrationBuilder.DropTable(
                name: "datahub_datasets");
        }
    }
}
