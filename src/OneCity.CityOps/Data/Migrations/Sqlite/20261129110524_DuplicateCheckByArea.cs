using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DuplicateCheckByArea : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_CategoryCode_Status_ReportedAt",
                table: "ops_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_CategoryCode_Status_AreaCode_ReportedAt",
                table: "ops_incidents",
                columns: new[] { "CategoryCode", "Status", "AreaCode", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_CategoryCode_Status_SubdistrictCode_ReportedAt",
                table: "ops_incidents",
                columns: new[] { "CategoryCode", "Status", "SubdistrictCode", "ReportedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_CategoryCode_Status_AreaCode_ReportedAt",
                table: "ops_incidents");

            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_CategoryCode_Status_SubdistrictCode_ReportedAt",
                table: "ops_incidents");

            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_CategoryCode_Status_ReportedAt",
                table: "ops_incidents",
                columns: new[] { "CategoryCode", "Status", "ReportedAt" });
        }
    }
}
