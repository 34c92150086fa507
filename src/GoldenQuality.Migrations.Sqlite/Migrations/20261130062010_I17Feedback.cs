using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class I17Feedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "acc_feedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UsedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DataKind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CaseRef = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Agreement = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CorrelationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    NotSentReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_feedback", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_acc_feedback_CaseRef",
                table: "acc_feedback",
                column: "CaseRef");

            migrationBuilder.CreateIndex(
                name: "IX_acc_feedback_Direction_At",
                table: "acc_feedback",
                columns: new[] { "Direction", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_acc_feedback_Direction_EnvelopeId",
                table: "acc_feedback",
                columns: new[] { "Direction", "EnvelopeId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acc_feedback");
        }
    }
}
