using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Sqlite
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
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Reported = table.Column<int>(type: "INTEGER", nullable: false),
                    InspectorFound = table.Column<int>(type: "INTEGER", nullable: false),
                    Dispatched = table.Column<int>(type: "INTEGER", nullable: false),
                    DispatchOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Handled = table.Column<int>(type: "INTEGER", nullable: false),
                    HandleOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false),
                    CloseOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Reworked = table.Column<int>(type: "INTEGER", nullable: false),
                    Bounced = table.Column<int>(type: "INTEGER", nullable: false),
                    Evaluated = table.Column<int>(type: "INTEGER", nullable: false),
                    SatisfactionSum = table.Column<int>(type: "INTEGER", nullable: false)
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
