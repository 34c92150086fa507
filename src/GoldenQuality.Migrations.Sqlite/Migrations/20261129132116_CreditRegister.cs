using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CreditRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "registry_credit_records");

            migrationBuilder.CreateTable(
                name: "clearance_penalties",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ReportedToCentralBank = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clearance_penalties", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "min_credit_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    FromClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: true),
                    ToClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Cause = table.Column<short>(type: "INTEGER", maxLength: 64, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SourceNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    SourceOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EventKind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Effect = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    EventKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_credit_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "min_credit_records",
                columns: table => new
                {
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    CreditClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_credit_records", x => x.Uscc);
                });

            migrationBuilder.CreateIndex(
                name: "IX_clearance_penalties_Office_Reference",
                table: "clearance_penalties",
                columns: new[] { "Office", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_clearance_penalties_Uscc",
                table: "clearance_penalties",
                column: "Uscc");

            migrationBuilder.CreateIndex(
                name: "IX_min_credit_changes_EventKey",
                table: "min_credit_changes",
                column: "EventKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_min_credit_changes_Uscc_At",
                table: "min_credit_changes",
                columns: new[] { "Uscc", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_min_credit_records_CreditClass",
                table: "min_credit_records",
                column: "CreditClass");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "clearance_penalties");

            migrationBuilder.DropTable(
                name: "min_credit_changes");

            migrationBuilder.DropTable(
                name: "min_credit_records");

            migrationBuilder.CreateTable(
                name: "registry_credit_records",
                columns: table => new
                {
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    CreditClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_credit_records", x => x.Uscc);
                });
        }
    }
}
