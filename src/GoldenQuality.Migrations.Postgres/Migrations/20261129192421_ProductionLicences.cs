using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ProductionLicences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "qs_licences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HolderUscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    HolderName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    HolderArea = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    SiteAddress = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SiteArea = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Province = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Office = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CategoryCodes = table.Column<string>(type: "character varying(1300)", maxLength: 1300, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    ReviewScheduledOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reviewers = table.Column<string>(type: "character varying(650)", maxLength: 650, nullable: true),
                    ReviewFindings = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    ReviewResult = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    LastReason = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qs_licences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "qs_licence_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LicenceId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FromStatus = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ToStatus = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Reference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "qs_licence_events");

            migrationBuilder.DropTable(
                name: "qs_licences");
        }
    }
}
