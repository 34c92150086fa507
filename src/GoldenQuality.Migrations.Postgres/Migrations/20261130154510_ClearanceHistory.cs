using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
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
                    Bureau = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    GeneratedSeed = table.Column<int>(type: "integer", nullable: true),
                    Declarations = table.Column<int>(type: "integer", nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false),
                    ElectronicLines = table.Column<int>(type: "integer", nullable: false),
                    Holds = table.Column<int>(type: "integer", nullable: false),
                    Nonconformities = table.Column<int>(type: "integer", nullable: false),
                    Times = table.Column<string>(type: "text", nullable: false),
                    Sharing = table.Column<string>(type: "text", nullable: false)
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
