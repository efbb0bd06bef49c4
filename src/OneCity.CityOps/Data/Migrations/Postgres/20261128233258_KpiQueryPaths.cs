using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KpiQueryPaths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_ops_kpi",
                table: "ops_kpi");

            migrationBuilder.DropIndex(
                name: "IX_ops_kpi_Kind_Day",
                table: "ops_kpi");

            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_Status_UpdatedAt",
                table: "ops_incidents");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ops_kpi",
                table: "ops_kpi",
                columns: new[] { "Kind", "Day", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_Status_DistrictCode_SubdistrictCode_SlaStage_~",
                table: "ops_incidents",
                columns: new[] { "Status", "DistrictCode", "SubdistrictCode", "SlaStage", "SuspendedAt" });

            // Month cells (A, U; Day = yyyymm00) for the days counted so far.
            migrationBuilder.Sql(KpiMonthCells.Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(KpiMonthCells.Remove);

            migrationBuilder.DropPrimaryKey(
                name: "PK_ops_kpi",
                table: "ops_kpi");

            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_Status_DistrictCode_SubdistrictCode_SlaStage_~",
                table: "ops_incidents");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ops_kpi",
                table: "ops_kpi",
                columns: new[] { "Kind", "Code", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_kpi_Kind_Day",
                table: "ops_kpi",
                columns: new[] { "Kind", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_Status_UpdatedAt",
                table: "ops_incidents",
                columns: new[] { "Status", "UpdatedAt" });
        }
    }
}
