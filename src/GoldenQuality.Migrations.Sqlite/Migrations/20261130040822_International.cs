using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class International : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "in_border_rejections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 96, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CertificateNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportingCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ExportingCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ConsignorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConsignorKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    NoticeXml = table.Column<string>(type: "TEXT", nullable: false),
                    HubDeliveryNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DeliveryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    NotSentReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_in_border_rejections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "in_certificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HubDeliveryNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FromCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    CertificateType = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CertificateStatus = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConsignorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RecordJson = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Replaces = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReplacedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawalDeliveryNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OutcomeReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_in_certificates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "in_hub_envelopes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ToCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CertificateType = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CertificateStatus = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    NppoCertificateNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 196608, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SenderOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SenderNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    SenderDeliveryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    OfferedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_in_hub_envelopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "in_outgoing",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    CertificateType = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CertificateStatus = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    NppoCertificateNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PermitNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Content = table.Column<string>(type: "TEXT", maxLength: 196608, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    HubDeliveryNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TrackedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_in_outgoing", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "in_received_envelopes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HubDeliveryNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CertificateType = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CertificateStatus = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    NppoCertificateNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 196608, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Acknowledgements = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_in_received_envelopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "in_certificate_checks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CitedNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CertificateNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CertificateId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MismatchesJson = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    ExporterRejections = table.Column<int>(type: "INTEGER", nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RiskOutcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RiskScore = table.Column<int>(type: "INTEGER", nullable: true),
                    RiskReasons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Rejection = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CheckedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_in_certificate_checks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_in_certificate_checks_in_certificates_CertificateId",
                        column: x => x.CertificateId,
                        principalTable: "in_certificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "in_hub_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_in_hub_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_in_hub_events_in_hub_envelopes_EnvelopeId",
                        column: x => x.EnvelopeId,
                        principalTable: "in_hub_envelopes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_in_border_rejections_ConsignorKey_At",
                table: "in_border_rejections",
                columns: new[] { "ConsignorKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_in_border_rejections_Direction_Reference",
                table: "in_border_rejections",
                columns: new[] { "Direction", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_in_certificate_checks_CertificateId",
                table: "in_certificate_checks",
                column: "CertificateId");

            migrationBuilder.CreateIndex(
                name: "IX_in_certificate_checks_CertificateNumber_CheckedAt",
                table: "in_certificate_checks",
                columns: new[] { "CertificateNumber", "CheckedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_in_certificate_checks_DeclarationNumber_CheckedAt",
                table: "in_certificate_checks",
                columns: new[] { "DeclarationNumber", "CheckedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_in_certificate_checks_Office_CheckedAt",
                table: "in_certificate_checks",
                columns: new[] { "Office", "CheckedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_in_certificates_HubDeliveryNumber",
                table: "in_certificates",
                column: "HubDeliveryNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_in_certificates_Number_FromCountry",
                table: "in_certificates",
                columns: new[] { "Number", "FromCountry" });

            migrationBuilder.CreateIndex(
                name: "IX_in_certificates_ReceivedAt",
                table: "in_certificates",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_in_certificates_WithdrawalDeliveryNumber",
                table: "in_certificates",
                column: "WithdrawalDeliveryNumber");

            migrationBuilder.CreateIndex(
                name: "IX_in_hub_envelopes_FromCountry_State",
                table: "in_hub_envelopes",
                columns: new[] { "FromCountry", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_in_hub_envelopes_Number",
                table: "in_hub_envelopes",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_in_hub_envelopes_SenderNode_SenderOffice_SenderDeliveryId",
                table: "in_hub_envelopes",
                columns: new[] { "SenderNode", "SenderOffice", "SenderDeliveryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_in_hub_envelopes_ToCountry_State",
                table: "in_hub_envelopes",
                columns: new[] { "ToCountry", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_in_hub_events_EnvelopeId_At",
                table: "in_hub_events",
                columns: new[] { "EnvelopeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_in_outgoing_CreatedAt",
                table: "in_outgoing",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_in_outgoing_HubDeliveryNumber",
                table: "in_outgoing",
                column: "HubDeliveryNumber");

            migrationBuilder.CreateIndex(
                name: "IX_in_outgoing_NppoCertificateNumber",
                table: "in_outgoing",
                column: "NppoCertificateNumber");

            migrationBuilder.CreateIndex(
                name: "IX_in_outgoing_PermitNumber",
                table: "in_outgoing",
                column: "PermitNumber");

            migrationBuilder.CreateIndex(
                name: "IX_in_received_envelopes_HubDeliveryNumber",
                table: "in_received_envelopes",
                column: "HubDeliveryNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_in_received_envelopes_NppoCertificateNumber",
                table: "in_received_envelopes",
                column: "NppoCertificateNumber");

            migrationBuilder.CreateIndex(
                name: "IX_in_received_envelopes_ReceivedAt",
                table: "in_received_envelopes",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "in_border_rejections");

            migrationBuilder.DropTable(
                name: "in_certificate_checks");

            migrationBuilder.DropTable(
                name: "in_hub_events");

            migrationBuilder.DropTable(
                name: "in_outgoing");

            migrationBuilder.DropTable(
                name: "in_received_envelopes");

            migrationBuilder.DropTable(
                name: "in_certificates");

            migrationBuilder.DropTable(
                name: "in_hub_envelopes");
        }
    }
}
