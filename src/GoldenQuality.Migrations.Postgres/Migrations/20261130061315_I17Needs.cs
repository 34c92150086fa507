using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class I17Needs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "IX_exchange_approved_agreements_AgreementId",
                table: "exchange_approved_agreements",
                column: "AgreementId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_approved_agreements_IncludedInVersion",
                table: "exchange_approved_agreements",
                column: "IncludedInVersion");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acc_needs");

            migrationBuilder.DropTable(
                name: "exchange_approved_agreements");
        }
    }
}
