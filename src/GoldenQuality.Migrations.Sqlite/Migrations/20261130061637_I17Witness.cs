using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_audit_checkpoints", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "exchange_witness_conflicts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Log = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EarlierCheckpoint = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    LaterCheckpoint = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_witness_conflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_witness_statements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Witness = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Log = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CheckpointAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Statement = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_witness_statements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_witnessed_checkpoints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Log = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CheckpointAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Checkpoint = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
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
