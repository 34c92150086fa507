using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: true),
                    FromNode = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    ToCoordinator = table.Column<bool>(type: "boolean", nullable: false),
                    CaseEnvelope = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseRecipient = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Agreement = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MessageType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    Step = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Accountable = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    OwedTo = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_escalations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "acc_reciprocity_reports",
                columns: table => new
                {
                    Node = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Member = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Signer = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    From = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    To = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_reciprocity_reports", x => x.Node);
                });

            migrationBuilder.CreateTable(
                name: "acc_step_cursor",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Through = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_step_cursor", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "acc_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseEnvelope = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseRecipient = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Agreement = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MessageType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Query = table.Column<bool>(type: "boolean", nullable: false),
                    OwedTo = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    Step = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Accountable = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    DurationSeconds = table.Column<long>(type: "bigint", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_steps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_acc_escalations_FromNode_CaseEnvelope_CaseRecipient_StepInd~",
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
