using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Office = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    PermitNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DrawnJson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificates_checks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "certificates_permits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    Holder = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsCopy = table.Column<bool>(type: "boolean", nullable: false),
                    DeclarationNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IssuerNode = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    IssuerOffice = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Port = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    TraderUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ValidUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    DocumentJson = table.Column<string>(type: "text", nullable: false),
                    Digest = table.Column<string>(type: "character varying(43)", maxLength: 43, nullable: false),
                    Signature = table.Column<string>(type: "text", nullable: false),
                    RemainingJson = table.Column<string>(type: "text", nullable: false),
                    SentTo = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    ClearancePermit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BasedOn = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificates_permits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "clearance_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomsDeclarationNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Office = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PermitNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Basis = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Decision = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReasonCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Note = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Verification = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    LinesJson = table.Column<string>(type: "text", nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clearance_decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declarations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DeclarantUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    TraderUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    ManufacturerUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    Port = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    DataJson = table.Column<string>(type: "text", nullable: false),
                    Office = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RoutingReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    Risk = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RiskScore = table.Column<int>(type: "integer", nullable: true),
                    RiskJson = table.Column<string>(type: "text", nullable: true),
                    InspectionJson = table.Column<string>(type: "text", nullable: true),
                    ReturnReasons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PermitNumber = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: true),
                    CustomsDecision = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ElectronicClearance = table.Column<bool>(type: "boolean", nullable: true),
                    CustomsDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declarations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declarations_agent_mandates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgentUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    PrincipalUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    RegisteredBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declarations_agent_mandates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declarations_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Stage = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DataJson = table.Column<string>(type: "text", nullable: true)
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
