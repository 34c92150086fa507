using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class I17Steps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "acc_escalations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FromNode = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    ToCoordinator = table.Column<bool>(type: "INTEGER", nullable: false),
                    CaseEnvelope = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseRecipient = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    CorrelationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Agreement = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    StepIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Accountable = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    OwedTo = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_escalations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "acc_reciprocity_reports",
                columns: table => new
                {
                    Node = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Member = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Signer = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<long>(type: "INTEGER", nullable: false),
                    To = table.Column<long>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_reciprocity_reports", x => x.Node);
                });

            migrationBuilder.CreateTable(
                name: "acc_step_cursor",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Through = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_step_cursor", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "acc_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseEnvelope = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseRecipient = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    CorrelationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Agreement = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Query = table.Column<bool>(type: "INTEGER", nullable: false),
                    OwedTo = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    StepIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Accountable = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    DurationSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_steps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_acc_escalations_FromNode_CaseEnvelope_CaseRecipient_StepIndex_ToCoordinator",
                table: "acc_escalations",
                columns: new[] { "FromNode", "CaseEnvelope", "CaseRecipient", "StepIndex", "ToCoordinator" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_acc_escalations_ReceivedAt",
                table: "acc_escalations",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_acc_steps_Accountable_CompletedAt_DueAt",
                table: "acc_steps",
                columns: new[] { "Accountable", "CompletedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_acc_steps_CaseEnvelope_CaseRecipient_StepIndex",
                table: "acc_steps",
                columns: new[] { "CaseEnvelope", "CaseRecipient", "StepIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_acc_steps_CompletedAt_OpenedAt",
                table: "acc_steps",
                columns: new[] { "CompletedAt", "OpenedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acc_escalations");

            migrationBuilder.DropTable(
                name: "acc_reciprocity_reports");

            migrationBuilder.DropTable(
                name: "acc_step_cursor");

            migrationBuilder.DropTable(
                name: "acc_steps");
        }
    }
}
