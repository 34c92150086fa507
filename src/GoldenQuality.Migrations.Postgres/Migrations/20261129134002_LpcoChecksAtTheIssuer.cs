using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LpcoDrawnAt",
                table: "declarations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LpcoJson",
                table: "declarations",
                type: "text",
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
