using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.DataHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordValueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "datahub_record_values",
                columns: table => new
                {
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    Field = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    DatasetCode = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Value = table.Column<string>(type: "character varying(210)", maxLength: 210, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datahub_record_values", x => new { x.RecordId, x.Field });
                    table.ForeignKey(
                        name: "FK_datahub_record_values_datahub_records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "datahub_records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_datahub_record_values_DatasetCode_Field_Value_RecordId",
                table: "datahub_record_values",
                columns: new[] { "DatasetCode", "Field", "Value", "RecordId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "datahub_record_values");
        }
    }
}
