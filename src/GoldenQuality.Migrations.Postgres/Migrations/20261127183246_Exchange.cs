using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Exchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exchange_counters",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_counters", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "exchange_directory",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Jws = table.Column<string>(type: "text", nullable: false),
                    FetchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_directory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_inbox",
                columns: table => new
                {
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Sender = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Recipients = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Digest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Jws = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    AgreementId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Receipt = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_inbox", x => x.EnvelopeId);
                });

            migrationBuilder.CreateTable(
                name: "exchange_log_checkpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Signature = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_log_checkpoints", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "exchange_message_log",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Peer = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    ItemDigest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_message_log", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "exchange_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RecipientNode = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OrderingKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Jws = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Digest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Receipt = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_rejections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Direction = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Party = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_rejections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "registry_credit_records",
                columns: table => new
                {
                    Uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    CreditClass = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_credit_records", x => x.Uscc);
                });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_inbox_ReceivedAt",
                table: "exchange_inbox",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_message_log_EnvelopeId",
                table: "exchange_message_log",
                column: "EnvelopeId");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_outbox_EnvelopeId_RecipientNode",
                table: "exchange_outbox",
                columns: new[] { "EnvelopeId", "RecipientNode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_outbox_RecipientNode_OrderingKey_Sequence",
                table: "exchange_outbox",
                columns: new[] { "RecipientNode", "OrderingKey", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_outbox_Status_NextAttemptAt",
                table: "exchange_outbox",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_rejections_At",
                table: "exchange_rejections",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exchange_counters");

            migrationBuilder.DropTable(
                name: "exchange_directory");

            migrationBuilder.DropTable(
                name: "exchange_inbox");

            migrationBuilder.DropTable(
                name: "exchange_log_checkpoints");

            migrationBuilder.DropTable(
                name: "exchange_message_log");

            migrationBuilder.DropTable(
                name: "exchange_outbox");

            migrationBuilder.DropTable(
                name: "exchange_rejections");

            migrationBuilder.DropTable(
                name: "registry_credit_records");
        }
    }
}
