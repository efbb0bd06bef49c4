using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Geography : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "geo_areas",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Synthetic = table.Column<bool>(type: "INTEGER", nullable: false),
                    GeometryJson = table.Column<string>(type: "TEXT", nullable: true),
                    GeometrySource = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_geo_areas", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "geo_grids",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Row = table.Column<int>(type: "INTEGER", nullable: false),
                    Col = table.Column<int>(type: "INTEGER", nullable: false),
                    NeighbourhoodCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    SubdistrictCode = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    DistrictCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_geo_grids", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_geo_areas_Level",
                table: "geo_areas",
                column: "Level");

            migrationBuilder.CreateIndex(
                name: "IX_geo_areas_ParentCode",
                table: "geo_areas",
                column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_geo_grids_NeighbourhoodCode",
                table: "geo_grids",
                column: "NeighbourhoodCode");

            migrationBuilder.CreateIndex(
                name: "IX_geo_grids_Row_Col",
                table: "geo_grids",
                columns: new[] { "Row", "Col" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "geo_areas");

            migrationBuilder.DropTable(
                name: "geo_grids");
        }
    }
}
