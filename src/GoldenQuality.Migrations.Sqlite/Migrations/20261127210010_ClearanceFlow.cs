using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ClearanceFlow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "certificates_checks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PermitNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DrawnJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificates_checks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "certificates_permits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsCopy = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IssuerNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    IssuerOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Port = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    TraderUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    DocumentJson = table.Column<string>(type: "TEXT", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 43, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", nullable: false),
                    RemainingJson = table.Column<string>(type: "TEXT", nullable: false),
                    SentTo = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    ClearancePermit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BasedOn = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificates_permits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "clearance_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomsDeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PermitNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Verification = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    LinesJson = table.Column<string>(type: "TEXT", nullable: false),
                    LineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clearance_decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declarations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeclarantUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    TraderUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    ManufacturerUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    Port = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    LineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DataJson = table.Column<string>(type: "TEXT", nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RoutingReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RiskScore = table.Column<int>(type: "INTEGER", nullable: true),
                    RiskJson = table.Column<string>(type: "TEXT", nullable: true),
                    InspectionJson = table.Column<string>(type: "TEXT", nullable: true),
                    ReturnReasons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PermitNumber = table.Column<string>(type: "TEXT", maxLength: 48, nullable: true),
                    CustomsDecision = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ElectronicClearance = table.Column<bool>(type: "INTEGER", nullable: true),
                    CustomsDecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declarations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declarations_agent_mandates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    PrincipalUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RegisteredBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declarations_agent_mandates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declarations_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DataJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declarations_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_certificates_checks_Office_At",
                table: "certificates_checks",
                columns: new[] { "Office", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_certificates_checks_PermitNumber_At",
                table: "certificates_checks",
                columns: new[] { "PermitNumber", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_certificates_permits_BasedOn",
                table: "certificates_permits",
                column: "BasedOn");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_permits_DeclarationNumber",
                table: "certificates_permits",
                column: "DeclarationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_permits_Number_Holder",
                table: "certificates_permits",
                columns: new[] { "Number", "Holder" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_clearance_decisions_CustomsDeclarationNumber",
                table: "clearance_decisions",
                column: "CustomsDeclarationNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_clearance_decisions_Office_DecidedAt",
                table: "clearance_decisions",
                columns: new[] { "Office", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_clearance_decisions_PermitNumber",
                table: "clearance_decisions",
                column: "PermitNumber");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_DeclarantUscc",
                table: "declarations",
                column: "DeclarantUscc");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_ManufacturerUscc",
                table: "declarations",
                column: "ManufacturerUscc");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_Number",
                table: "declarations",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_declarations_Office_Status",
                table: "declarations",
                columns: new[] { "Office", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_TraderUscc",
                table: "declarations",
                column: "TraderUscc");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_agent_mandates_AgentUscc_PrincipalUscc",
                table: "declarations_agent_mandates",
                columns: new[] { "AgentUscc", "PrincipalUscc" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_events_DeclarationId_At",
                table: "declarations_events",
                columns: new[] { "DeclarationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_events_Stage_At",
                table: "declarations_events",
                columns: new[] { "Stage", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificates_checks");

            migrationBuilder.DropTable(
                name: "certificates_permits");

            migrationBuilder.DropTable(
                name: "clearance_decisions");

            migrationBuilder.DropTable(
                name: "declarations");

            migrationBuilder.DropTable(
                name: "declarations_agent_mandates");

            migrationBuilder.DropTable(
                name: "declarations_events");
        }
    }
}
