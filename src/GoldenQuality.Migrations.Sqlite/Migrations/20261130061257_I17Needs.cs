using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequesterAgency = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequesterOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequesterNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderAgency = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    MessageTypes = table.Column<string>(type: "TEXT", nullable: false),
                    Datasets = table.Column<string>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Regulation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Article = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Consumers = table.Column<string>(type: "TEXT", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CommentsJson = table.Column<string>(type: "TEXT", nullable: false),
                    DecisionJson = table.Column<string>(type: "TEXT", nullable: true),
                    AgreementId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acc_needs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_approved_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Jws = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: false),
                    SignedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IncludedInVersion = table.Column<long>(type: "INTEGER", nullable: true)
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
