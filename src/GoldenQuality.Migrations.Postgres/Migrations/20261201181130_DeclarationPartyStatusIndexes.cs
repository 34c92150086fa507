using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DeclarationPartyStatusIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_declarations_ManufacturerUscc",
                table: "declarations");

            migrationBuilder.DropIndex(
                name: "IX_declarations_TraderUscc",
                table: "declarations");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_ManufacturerUscc_Status_UpdatedAt_TraderUscc",
                table: "declarations",
                columns: new[] { "ManufacturerUscc", "Status", "UpdatedAt", "TraderUscc" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_TraderUscc_Status_UpdatedAt",
                table: "declarations",
                columns: new[] { "TraderUscc", "Status", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_declarations_ManufacturerUscc_Status_UpdatedAt_TraderUscc",
                table: "declarations");

            migrationBuilder.DropIndex(
                name: "IX_declarations_TraderUscc_Status_UpdatedAt",
                table: "declarations");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_ManufacturerUscc",
                table: "declarations",
                column: "ManufacturerUscc");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_TraderUscc",
                table: "declarations",
                column: "TraderUscc");
        }
    }
}
