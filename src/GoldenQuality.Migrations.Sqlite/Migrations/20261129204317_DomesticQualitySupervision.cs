using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DomesticQualitySupervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "qs_leads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ManufacturerUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    ManufacturerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ManufacturerArea = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    HsCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Goods = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Lots = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Failed = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    CiqOffice = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BqsOffice = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SenderNode = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    AgreementId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    InspectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ClosingNote = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    LedTo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_leads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "qs_licences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HolderUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    HolderArea = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    SiteAddress = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SiteArea = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Province = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CategoryCodes = table.Column<string>(type: "TEXT", maxLength: 1300, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReviewScheduledOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reviewers = table.Column<string>(type: "TEXT", maxLength: 650, nullable: true),
                    ReviewFindings = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    ReviewResult = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    LastReason = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_licences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "qs_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Categories = table.Column<string>(type: "TEXT", maxLength: 3250, nullable: false),
                    Standards = table.Column<string>(type: "TEXT", maxLength: 3250, nullable: false),
                    PlannedSamples = table.Column<int>(type: "INTEGER", nullable: false),
                    Regions = table.Column<string>(type: "TEXT", maxLength: 350, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Province = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "qs_samples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanNumber = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Province = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PlaceName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    SellerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SellerUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    ManufacturerUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    ManufacturerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ManufacturerArea = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Brand = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LotNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SampledOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Samplers = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Quantity = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    JudgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReTestOutcome = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReTestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_samples", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "qs_signals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    EnterpriseName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PlanNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Failed = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CiqOffice = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SenderNode = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    AgreementId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_signals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "qs_licence_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LicenceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_licence_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_qs_licence_events_qs_licences_LicenceId",
                        column: x => x.LicenceId,
                        principalTable: "qs_licences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "qs_follow_ups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SampleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SampleNumber = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Province = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LicenceNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_follow_ups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_qs_follow_ups_qs_samples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "qs_samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "qs_sample_results",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SampleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Laboratory = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TestedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CanonicalValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    CanonicalUnit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Standard = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Clause = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Limit = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_sample_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_qs_sample_results_qs_samples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "qs_samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_qs_follow_ups_Province_Status_DueOn",
                table: "qs_follow_ups",
                columns: new[] { "Province", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_qs_follow_ups_SampleId",
                table: "qs_follow_ups",
                column: "SampleId");

            migrationBuilder.CreateIndex(
                name: "IX_qs_leads_EnvelopeId",
                table: "qs_leads",
                column: "EnvelopeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qs_leads_ManufacturerUscc",
                table: "qs_leads",
                column: "ManufacturerUscc");

            migrationBuilder.CreateIndex(
                name: "IX_qs_leads_Status_ReceivedAt",
                table: "qs_leads",
                columns: new[] { "Status", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_qs_licence_events_LicenceId_At",
                table: "qs_licence_events",
                columns: new[] { "LicenceId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_qs_licences_ApplicationNumber",
                table: "qs_licences",
                column: "ApplicationNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qs_licences_HolderUscc",
                table: "qs_licences",
                column: "HolderUscc");

            migrationBuilder.CreateIndex(
                name: "IX_qs_licences_Number",
                table: "qs_licences",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qs_licences_Province_Status",
                table: "qs_licences",
                columns: new[] { "Province", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_qs_plans_Number",
                table: "qs_plans",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qs_plans_Province_PeriodFrom",
                table: "qs_plans",
                columns: new[] { "Province", "PeriodFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_qs_sample_results_SampleId_Round_Sequence",
                table: "qs_sample_results",
                columns: new[] { "SampleId", "Round", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qs_samples_ManufacturerUscc",
                table: "qs_samples",
                column: "ManufacturerUscc");

            migrationBuilder.CreateIndex(
                name: "IX_qs_samples_Number",
                table: "qs_samples",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qs_samples_PlanId",
                table: "qs_samples",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_qs_samples_Province_Outcome",
                table: "qs_samples",
                columns: new[] { "Province", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_qs_signals_EnvelopeId",
                table: "qs_signals",
                column: "EnvelopeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_qs_signals_Uscc_Kind_At",
                table: "qs_signals",
                columns: new[] { "Uscc", "Kind", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "qs_follow_ups");

            migrationBuilder.DropTable(
                name: "qs_leads");

            migrationBuilder.DropTable(
                name: "qs_licence_events");

            migrationBuilder.DropTable(
                name: "qs_plans");

            migrationBuilder.DropTable(
                name: "qs_sample_results");

            migrationBuilder.DropTable(
                name: "qs_signals");

            migrationBuilder.DropTable(
                name: "qs_licences");

            migrationBuilder.DropTable(
                name: "qs_samples");
        }
    }
}
