using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class I17Witness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exchange_audit_checkpoints");

            migrationBuilder.DropTable(
                name: "exchange_witness_conflicts");

            migrationBuilder.DropTable(
                name: "exchange_witness_statements");

            migrationBuilder.DropTable(
                name: "exchange_witnessed_checkpoints");
        }
    }
}
