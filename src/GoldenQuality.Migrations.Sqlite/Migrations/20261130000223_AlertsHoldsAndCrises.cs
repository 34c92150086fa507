using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlertsHoldsAndCrises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HeldAlert",
                table: "certificates_permits",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HeldReason",
                table: "certificates_permits",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "al_crises",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Leader = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LeaderOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CloseReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_crises", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "al_crisis_actions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CrisisNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CrisisTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OwnerOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Due = table.Column<long>(type: "INTEGER", nullable: false),
                    AlertNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Report = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsCopy = table.Column<bool>(type: "INTEGER", nullable: false),
                    Party = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_crisis_actions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "al_crisis_rejections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sender = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_crisis_rejections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "al_holds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AlertNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Parties = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PlacedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RetestReportNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RetestResult = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RetestLaboratory = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_holds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "al_crisis_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CrisisId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AlertNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_crisis_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_al_crisis_alerts_al_crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "al_crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "al_crisis_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CrisisId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2400, nullable: false),
                    ActionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AlertNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_crisis_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_al_crisis_events_al_crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "al_crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "al_crisis_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CrisisId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_crisis_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_al_crisis_members_al_crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "al_crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_al_crises_Number",
                table: "al_crises",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_al_crises_Status_OpenedAt",
                table: "al_crises",
                columns: new[] { "Status", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_al_crisis_actions_CrisisNumber",
                table: "al_crisis_actions",
                column: "CrisisNumber");

            migrationBuilder.CreateIndex(
                name: "IX_al_crisis_actions_OwnerOffice_Status",
                table: "al_crisis_actions",
                columns: new[] { "OwnerOffice", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_al_crisis_alerts_AlertNumber",
                table: "al_crisis_alerts",
                column: "AlertNumber");

            migrationBuilder.CreateIndex(
                name: "IX_al_crisis_alerts_CrisisId_AlertNumber",
                table: "al_crisis_alerts",
                columns: new[] { "CrisisId", "AlertNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_al_crisis_events_CrisisId_At",
                table: "al_crisis_events",
                columns: new[] { "CrisisId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_al_crisis_members_CrisisId_Office",
                table: "al_crisis_members",
                columns: new[] { "CrisisId", "Office" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_al_crisis_rejections_At",
                table: "al_crisis_rejections",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_al_holds_AlertNumber",
                table: "al_holds",
                column: "AlertNumber");

            migrationBuilder.CreateIndex(
                name: "IX_al_holds_Kind_Key_Status",
                table: "al_holds",
                columns: new[] { "Kind", "Key", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_al_holds_Office_Status",
                table: "al_holds",
                columns: new[] { "Office", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "al_crisis_actions");

            migrationBuilder.DropTable(
                name: "al_crisis_alerts");

            migrationBuilder.DropTable(
                name: "al_crisis_events");

            migrationBuilder.DropTable(
                name: "al_crisis_members");

            migrationBuilder.DropTable(
                name: "al_crisis_rejections");

            migrationBuilder.DropTable(
                name: "al_holds");

            migrationBuilder.DropTable(
                name: "al_crises");

            migrationBuilder.DropColumn(
                name: "HeldAlert",
                table: "certificates_permits");

            migrationBuilder.DropColumn(
                name: "HeldReason",
                table: "certificates_permits");
        }
    }
}
