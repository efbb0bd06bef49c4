using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    GranteeDepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GivenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_consents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_datasets",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DescriptionZh = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    OwnerDepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SourceSystem = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdateFrequency = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    SharingType = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenType = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Theme = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Spatial = table.Column<bool>(type: "INTEGER", nullable: false),
                    KeyField = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    DataUpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MetadataUpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Published = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Licence = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_datasets", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "datahub_objections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AuditSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    AccessAction = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AccessDepartment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AccessPurpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AccessTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    HandledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    HandledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_objections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datahub_dataset_fields",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false),
                    PersonalClass = table.Column<int>(type: "INTEGER", nullable: false),
                    MaskKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    DescriptionZh = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
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
