using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Accountability : Migration
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
                name: "acc_feedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Provider = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Consumer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UsedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DataKind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CaseRef = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Agreement = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: true),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NotSentReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_feedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "acc_needs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequesterAgency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequesterOffice = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequesterNode = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProviderAgency = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    MessageTypes = table.Column<string[]>(type: "text[]", nullable: false),
                    Datasets = table.Column<string[]>(type: "text[]", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Regulation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Article = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Consumers = table.Column<string[]>(type: "text[]", nullable: false),
                    Fields = table.Column<string[]>(type: "text[]", nullable: false),
                    Frequency = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CommentsJson = table.Column<string>(type: "text", nullable: false),
                    DecisionJson = table.Column<string>(type: "text", nullable: true),
                    AgreementId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_needs", x => x.Id);
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

            migrationBuilder.CreateTable(
                name: "exchange_approved_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Jws = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: false),
                    SignedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Source = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    QueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IncludedInVersion = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_approved_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_audit_checkpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Signature = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_audit_checkpoints", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "exchange_witness_conflicts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Node = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Log = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    EarlierCheckpoint = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    LaterCheckpoint = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    SeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_witness_conflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_witness_statements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Witness = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Log = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CheckpointAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Statement = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_witness_statements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_witnessed_checkpoints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Node = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Log = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CheckpointAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Checkpoint = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_witnessed_checkpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "min_inspection_results",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LpcoId = table.Column<Guid>(type: "uuid", nullable: true),
                    LicenceNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ImporterUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    HsCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    GoodsDescription = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    Unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PortOfEntry = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Conforming = table.Column<bool>(type: "boolean", nullable: false),
                    Decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reasons = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    InspectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FromParty = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    AgreementId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: false),
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewOutcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_inspection_results", x => x.Id);
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

            migrationBuilder.CreateIndex(
                name: "IX_acc_needs_AgreementId",
                table: "acc_needs",
                column: "AgreementId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_acc_needs_Number",
                table: "acc_needs",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_acc_needs_State_FiledAt",
                table: "acc_needs",
                columns: new[] { "State", "FiledAt" });

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

            migrationBuilder.CreateIndex(
                name: "IX_exchange_approved_agreements_AgreementId",
                table: "exchange_approved_agreements",
                column: "AgreementId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_approved_agreements_IncludedInVersion",
                table: "exchange_approved_agreements",
                column: "IncludedInVersion");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_witness_conflicts_SeenAt",
                table: "exchange_witness_conflicts",
                column: "SeenAt");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_witness_statements_Log_Sequence",
                table: "exchange_witness_statements",
                columns: new[] { "Log", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_witness_statements_Witness_Log_Sequence",
                table: "exchange_witness_statements",
                columns: new[] { "Witness", "Log", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_witnessed_checkpoints_Node_Log_Sequence",
                table: "exchange_witnessed_checkpoints",
                columns: new[] { "Node", "Log", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_min_inspection_results_DeclarationNumber_LicenceNumber",
                table: "min_inspection_results",
                columns: new[] { "DeclarationNumber", "LicenceNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_min_inspection_results_LpcoId",
                table: "min_inspection_results",
                column: "LpcoId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acc_escalations");

            migrationBuilder.DropTable(
                name: "acc_feedback");

            migrationBuilder.DropTable(
                name: "acc_needs");

            migrationBuilder.DropTable(
                name: "acc_reciprocity_reports");

            migrationBuilder.DropTable(
                name: "acc_step_cursor");

            migrationBuilder.DropTable(
                name: "acc_steps");

            migrationBuilder.DropTable(
                name: "exchange_approved_agreements");

            migrationBuilder.DropTable(
                name: "exchange_audit_checkpoints");

            migrationBuilder.DropTable(
                name: "exchange_witness_conflicts");

            migrationBuilder.DropTable(
                name: "exchange_witness_statements");

            migrationBuilder.DropTable(
                name: "exchange_witnessed_checkpoints");

            migrationBuilder.DropTable(
                name: "min_inspection_results");
        }
    }
}
