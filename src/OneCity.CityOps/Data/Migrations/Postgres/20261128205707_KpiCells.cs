using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KpiCells : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ops_kpi",
                columns: table => new
                {
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Reported = table.Column<int>(type: "integer", nullable: false),
                    InspectorFound = table.Column<int>(type: "integer", nullable: false),
                    Dispatched = table.Column<int>(type: "integer", nullable: false),
                    DispatchOnTime = table.Column<int>(type: "integer", nullable: false),
                    Handled = table.Column<int>(type: "integer", nullable: false),
                    HandleOnTime = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false),
                    CloseOnTime = table.Column<int>(type: "integer", nullable: false),
                    Reworked = table.Column<int>(type: "integer", nullable: false),
                    Bounced = table.Column<int>(type: "integer", nullable: false),
                    Evaluated = table.Column<int>(type: "integer", nullable: false),
                    SatisfactionSum = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_kpi", x => new { x.Kind, x.Code, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ops_kpi_Kind_Day",
                table: "ops_kpi",
                columns: new[] { "Kind", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ops_kpi");
        }
    }
}
