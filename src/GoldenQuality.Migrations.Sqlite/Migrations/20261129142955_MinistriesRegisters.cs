using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

#nullable disable

namespace GoldenQuality.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MinistriesRegisters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AwaitingIssuerReason",
                table: "declarations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LpcoDrawnAt",
                table: "declarations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LpcoJson",
                table: "declarations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "clearance_penalties",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ReportedToCentralBank = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clearance_penalties", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "min_credit_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    FromClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: true),
                    ToClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Cause = table.Column<short>(type: "INTEGER", maxLength: 64, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SourceNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    SourceOffice = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EventKind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Effect = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    EventKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_credit_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "min_credit_records",
                columns: table => new
                {
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    CreditClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_credit_records", x => x.Uscc);
                });

            // The credit records move from the Registry to the central bank's register (issue 14): keep them.
            var movedAt = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
            migrationBuilder.Sql(
                "INSERT INTO min_credit_records (\"Uscc\", \"CreditClass\", \"RatedOn\", \"Note\", \"Version\", \"UpdatedAt\") " +
                "SELECT \"Uscc\", \"CreditClass\", \"RatedOn\", \"Note\", 1, " + movedAt.ToString(System.Globalization.CultureInfo.InvariantCulture) + " FROM registry_credit_records");

            migrationBuilder.DropTable(
                name: "registry_credit_records");

            migrationBuilder.CreateTable(
                name: "min_lpcos",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HolderUscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    HsCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ProductDescription = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    OriginCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    QuantityIssued = table.Column<decimal>(type: "TEXT", precision: 18, scale: 3, nullable: false),
                    Remaining = table.Column<decimal>(type: "TEXT", precision: 18, scale: 3, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PortsOfEntry = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_lpcos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "min_lpco_draws",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LpcoId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 18, scale: 3, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    FromNode = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    EnvelopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReleasedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_lpco_draws", x => x.Id);
                    table.ForeignKey(
                        name: "FK_min_lpco_draws_min_lpcos_LpcoId",
                        column: x => x.LpcoId,
                        principalTable: "min_lpcos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "min_lpco_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LpcoId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_lpco_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_min_lpco_events_min_lpcos_LpcoId",
                        column: x => x.LpcoId,
                        principalTable: "min_lpcos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "min_lpco_holders",
                columns: table => new
                {
                    LpcoId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    FirstAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_min_lpco_holders", x => new { x.LpcoId, x.Node });
                    table.ForeignKey(
                        name: "FK_min_lpco_holders_min_lpcos_LpcoId",
                        column: x => x.LpcoId,
                        principalTable: "min_lpcos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_clearance_penalties_Office_Reference",
                table: "clearance_penalties",
                columns: new[] { "Office", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_clearance_penalties_Uscc",
                table: "clearance_penalties",
                column: "Uscc");

            migrationBuilder.CreateIndex(
                name: "IX_min_credit_changes_EventKey",
                table: "min_credit_changes",
                column: "EventKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_min_credit_changes_Uscc_At",
                table: "min_credit_changes",
                columns: new[] { "Uscc", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_min_credit_records_CreditClass",
                table: "min_credit_records",
                column: "CreditClass");

            migrationBuilder.CreateIndex(
                name: "IX_min_lpco_draws_LpcoId_DeclarationNumber",
                table: "min_lpco_draws",
                columns: new[] { "LpcoId", "DeclarationNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_min_lpco_events_LpcoId_At",
                table: "min_lpco_events",
                columns: new[] { "LpcoId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_min_lpcos_HolderUscc",
                table: "min_lpcos",
                column: "HolderUscc");

            migrationBuilder.CreateIndex(
                name: "IX_min_lpcos_Kind_Status",
                table: "min_lpcos",
                columns: new[] { "Kind", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_min_lpcos_Number",
                table: "min_lpcos",
                column: "Number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "clearance_penalties");

            migrationBuilder.DropTable(
                name: "min_credit_changes");

            migrationBuilder.DropTable(
                name: "min_credit_records");

            migrationBuilder.DropTable(
                name: "min_lpco_draws");

            migrationBuilder.DropTable(
                name: "min_lpco_events");

            migrationBuilder.DropTable(
                name: "min_lpco_holders");

            migrationBuilder.DropTable(
                name: "min_lpcos");

            migrationBuilder.DropColumn(
                name: "AwaitingIssuerReason",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "LpcoDrawnAt",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "LpcoJson",
                table: "declarations");

            migrationBuilder.CreateTable(
                name: "registry_credit_records",
                columns: table => new
                {
                    Uscc = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    CreditClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_credit_records", x => x.Uscc);
                });
        }
    }
}
