using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.CityOps.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DuplicateCheckNearby : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ops_incidents_CategoryCode_Status_Latitude_Longitude_Report~",
                table: "ops_incidents",
                columns: new[] { "CategoryCode", "Status", "Latitude", "Longitude", "ReportedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ops_incidents_CategoryCode_Status_Latitude_Longitude_Report~",
                table: "ops_incidents");
        }
    }
}
