using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.Sensing.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VitalSigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sens_vital_signs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Indicator = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sens_vital_signs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sens_vital_signs_Indicator_AreaCode_At",
                table: "sens_vital_signs",
                columns: new[] { "Indicator", "AreaCode", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sens_vital_signs");
        }
    }
}
