using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EnvelopeLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CausationId",
                table: "exchange_outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CorrelationId",
                table: "exchange_outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sender",
                table: "exchange_outbox",
                type: "TEXT",
                maxLength: 160,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CausationId",
                table: "exchange_inbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_outbox_CausationId",
                table: "exchange_outbox",
                column: "CausationId");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_outbox_CorrelationId",
                table: "exchange_outbox",
                column: "CorrelationId");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_inbox_CausationId",
                table: "exchange_inbox",
                column: "CausationId");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_inbox_CorrelationId",
                table: "exchange_inbox",
                column: "CorrelationId");

            // Rows written before: EnvelopeLinksBackfill copies their links from the signed headers at the next start,
            // then removes this marker (decision 0027).
            migrationBuilder.InsertData(
                table: "exchange_counters",
                columns: ["Name", "Value"],
                values: new object[] { "links-backfill", 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM exchange_counters WHERE \"Name\" = 'links-backfill'");

            migrationBuilder.DropIndex(
                name: "IX_exchange_outbox_CausationId",
                table: "exchange_outbox");

            migrationBuilder.DropIndex(
                name: "IX_exchange_outbox_CorrelationId",
                table: "exchange_outbox");

            migrationBuilder.DropIndex(
                name: "IX_exchange_inbox_CausationId",
                table: "exchange_inbox");

            migrationBuilder.DropIndex(
                name: "IX_exchange_inbox_CorrelationId",
                table: "exchange_inbox");

            migrationBuilder.DropColumn(
                name: "CausationId",
                table: "exchange_outbox");

            migrationBuilder.DropColumn(
                name: "CorrelationId",
                table: "exchange_outbox");

            migrationBuilder.DropColumn(
                name: "Sender",
                table: "exchange_outbox");

            migrationBuilder.DropColumn(
                name: "CausationId",
                table: "exchange_inbox");
        }
    }
}
