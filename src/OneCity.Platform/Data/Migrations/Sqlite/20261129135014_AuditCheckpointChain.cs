using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditCheckpointChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "prev_seq",
                table: "audit_checkpoints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_department_seq",
                table: "audit_entries",
                columns: new[] { "department", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_role_seq",
                table: "audit_entries",
                columns: new[] { "role", "seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_entries_department_seq",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_role_seq",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "prev_seq",
                table: "audit_checkpoints");
        }
    }
}
