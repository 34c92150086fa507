using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ForwardedDeclarations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ForwardId",
                table: "declarations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ForwardedFrom",
                table: "declarations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ForwardedTo",
                table: "declarations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemoteDetail",
                table: "declarations",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemoteNumber",
                table: "declarations",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemotePermitNumber",
                table: "declarations",
                type: "TEXT",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemoteStatus",
                table: "declarations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_declarations_ForwardedFrom_ForwardId",
                table: "declarations",
                columns: new[] { "ForwardedFrom", "ForwardId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_declarations_ForwardedFrom_ForwardId",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "ForwardId",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "ForwardedFrom",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "ForwardedTo",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "RemoteDetail",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "RemoteNumber",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "RemotePermitNumber",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "RemoteStatus",
                table: "declarations");
        }
    }
}
