using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KpiQueryPaths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_Status_UpdatedAt",
                table: "ops_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_Status_DistrictCode_SubdistrictCode_SlaStage_SuspendedAt",
                table: "ops_incidents",
                columns: new[] { "Status", "DistrictCode", "SubdistrictCode", "SlaStage", "SuspendedAt" });

            // Written by hand instead of EF Core's rebuild for the new key (Kind, Day, Code): the KPI cells are stored in
            // key order (WITHOUT ROWID, which EF Core cannot declare), so a period's cells are read in place. A later
            // migration that makes EF Core rebuild ops_kpi must keep WITHOUT ROWID (a CityOps test checks it).
            migrationBuilder.DropIndex(
                name: "IX_ops_kpi_Kind_Day",
                table: "ops_kpi");
            RebuildKpiTable(migrationBuilder, "\"Kind\", \"Day\", \"Code\"", "WITHOUT ROWID");

            // Month cells (A, U; Day = yyyymm00) for the days counted so far.
            migrationBuilder.Sql(KpiMonthCells.Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(KpiMonthCells.Remove);
            RebuildKpiTable(migrationBuilder, "\"Kind\", \"Code\", \"Day\"", "");

            migrationBuilder.CreateIndex(
                name: "IX_ops_kpi_Kind_Day",
                table: "ops_kpi",
                columns: new[] { "Kind", "Day" });

            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_Status_DistrictCode_SubdistrictCode_SlaStage_SuspendedAt",
                table: "ops_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_Status_UpdatedAt",
                table: "ops_incidents",
                columns: new[] { "Status", "UpdatedAt" });
        }

        private static void RebuildKpiTable(MigrationBuilder migrationBuilder, string key, string options)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE "ops_kpi_rebuilt" (
                    "Day" INTEGER NOT NULL,
                    "Kind" TEXT NOT NULL,
                    "Code" TEXT NOT NULL,
                    "Reported" INTEGER NOT NULL,
                    "InspectorFound" INTEGER NOT NULL,
                    "Dispatched" INTEGER NOT NULL,
                    "DispatchOnTime" INTEGER NOT NULL,
                    "Handled" INTEGER NOT NULL,
                    "HandleOnTime" INTEGER NOT NULL,
                    "Closed" INTEGER NOT NULL,
                    "CloseOnTime" INTEGER NOT NULL,
                    "Reworked" INTEGER NOT NULL,
                    "Bounced" INTEGER NOT NULL,
                    "Evaluated" INTEGER NOT NULL,
                    "SatisfactionSum" INTEGER NOT NULL,
                    "Extended" INTEGER NOT NULL DEFAULT 0,
                    "Suspended" INTEGER NOT NULL DEFAULT 0,
                    CONSTRAINT "PK_ops_kpi" PRIMARY KEY ({key})
                ) {options};
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "ops_kpi_rebuilt" ({KpiMonthCells.Columns})
                SELECT {KpiMonthCells.Columns} FROM "ops_kpi" ORDER BY {key};
                """);
            migrationBuilder.Sql("""DROP TABLE "ops_kpi";""");
            migrationBuilder.Sql("""ALTER TABLE "ops_kpi_rebuilt" RENAME TO "ops_kpi";""");
        }
    }
}
