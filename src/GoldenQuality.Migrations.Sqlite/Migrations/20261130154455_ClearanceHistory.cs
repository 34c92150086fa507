using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ClearanceHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "acc_history_days",
                columns: table => new
                {
                    Bureau = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    GeneratedSeed = table.Column<int>(type: "INTEGER", nullable: true),
                    Declarations = table.Column<int>(type: "INTEGER", nullable: false),
                    Lines = table.Column<int>(type: "INTEGER", nullable: false),
                    ElectronicLines = table.Column<int>(type: "INTEGER", nullable: false),
                    Holds = table.Column<int>(type: "INTEGER", nullable: false),
                    Nonconformities = table.Column<int>(type: "INTEGER", nullable: false),
                    Times = table.Column<string>(type: "TEXT", nullable: false),
                    Sharing = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_history_days", x => new { x.Bureau, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_acc_history_days_Day",
                table: "acc_history_days",
                column: "Day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acc_history_days");
        }
    }
}
