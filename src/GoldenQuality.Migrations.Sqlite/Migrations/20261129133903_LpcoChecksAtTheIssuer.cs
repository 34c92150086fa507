using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LpcoChecksAtTheIssuer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AwaitingIssuerReason",
                table: "declarations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LpcoDrawnAt",
                table: "declarations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LpcoJson",
                table: "declarations",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AwaitingIssuerReason",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "LpcoDrawnAt",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "LpcoJson",
                table: "declarations");
        }
    }
}
