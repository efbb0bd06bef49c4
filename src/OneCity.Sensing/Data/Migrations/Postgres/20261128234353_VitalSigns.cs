using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneCity.Sensing.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Indicator = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false)
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
