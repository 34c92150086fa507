using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
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
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ForwardedFrom",
                table: "declarations",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ForwardedTo",
                table: "declarations",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemoteDetail",
                table: "declarations",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemoteNumber",
                table: "declarations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemotePermitNumber",
                table: "declarations",
                type: "character varying(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemoteStatus",
                table: "declarations",
                type: "character varying(64)",
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
