using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Holds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HeldAlert",
                table: "certificates_permits",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HeldReason",
                table: "certificates_permits",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "al_holds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AlertNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Parties = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PlacedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RetestReportNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RetestResult = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RetestLaboratory = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_holds", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_al_holds_AlertNumber",
                table: "al_holds",
                column: "AlertNumber");

            migrationBuilder.CreateIndex(
                name: "IX_al_holds_Kind_Key_Status",
                table: "al_holds",
                columns: new[] { "Kind", "Key", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_al_holds_Office_Status",
                table: "al_holds",
                columns: new[] { "Office", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "al_holds");

            migrationBuilder.DropColumn(
                name: "HeldAlert",
                table: "certificates_permits");

            migrationBuilder.DropColumn(
                name: "HeldReason",
                table: "certificates_permits");
        }
    }
}
