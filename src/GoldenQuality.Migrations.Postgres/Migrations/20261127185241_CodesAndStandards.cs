using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CodesAndStandards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "codes_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_codes_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "codes_state",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LoadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_codes_state", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "codes_systems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Domain = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Authority = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_codes_systems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "standards_categories",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    NameZh = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    HsCodes = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    CiqCodes = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_standards_categories", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "standards_parameters",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Quantity = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_standards_parameters", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "standards_requirements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StandardNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Clause = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProcessingState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Lower = table.Column<double>(type: "double precision", nullable: true),
                    Upper = table.Column<double>(type: "double precision", nullable: true),
                    Unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Method = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Jurisdiction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_standards_requirements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "standards_standards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IssuingBody = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    SupersededBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_standards_standards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "supervision_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OfficeCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    LotId = table.Column<Guid>(type: "uuid", nullable: false),
                    LotNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RequirementId = table.Column<Guid>(type: "uuid", nullable: true),
                    Detail = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "supervision_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_lines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "supervision_measurements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Device = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sensor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CanonicalValue = table.Column<double>(type: "double precision", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Verdict = table.Column<short>(type: "smallint", maxLength: 64, nullable: false),
                    RequirementId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_measurements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "supervision_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(96)", maxLength: 96, nullable: false),
                    LotId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    LotNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProductCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Market = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OfficeCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ProductionFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Measurements = table.Column<long>(type: "bigint", nullable: false),
                    Parameters = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Standards = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SpcSignals = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "codes_versions",
                columns: table => new
                {
                    SystemId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_codes_versions", x => new { x.SystemId, x.Version });
                    table.ForeignKey(
                        name: "FK_codes_versions_codes_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "codes_systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "supervision_lots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    LineId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProductCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProcessingState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Market = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OfficeCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HeldAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HoldReason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Measurements = table.Column<long>(type: "bigint", nullable: false),
                    Nonconformities = table.Column<long>(type: "bigint", nullable: false),
                    SpcSignals = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_lots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_supervision_lots_supervision_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "supervision_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "codes_entries",
                columns: table => new
                {
                    SystemId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_codes_entries", x => new { x.SystemId, x.Version, x.Code });
                    table.ForeignKey(
                        name: "FK_codes_entries_codes_versions_SystemId_Version",
                        columns: x => new { x.SystemId, x.Version },
                        principalTable: "codes_versions",
                        principalColumns: new[] { "SystemId", "Version" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supervision_streams",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Device = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sensor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LastAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Spc = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_streams", x => x.Id);
                    table.ForeignKey(
                        name: "FK_supervision_streams_supervision_lots_LotId",
                        column: x => x.LotId,
                        principalTable: "supervision_lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supervision_videos",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Camera = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    From = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    To = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Uri = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastCheckPassed = table.Column<bool>(type: "boolean", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_videos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_supervision_videos_supervision_lots_LotId",
                        column: x => x.LotId,
                        principalTable: "supervision_lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "codes_mappings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FromSystem = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FromVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FromCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ToSystem = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ToVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ToCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Cardinality = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Condition = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Provenance = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Origin = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_codes_mappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_codes_mappings_codes_entries_FromSystem_FromVersion_FromCode",
                        columns: x => new { x.FromSystem, x.FromVersion, x.FromCode },
                        principalTable: "codes_entries",
                        principalColumns: new[] { "SystemId", "Version", "Code" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_codes_mappings_codes_entries_ToSystem_ToVersion_ToCode",
                        columns: x => new { x.ToSystem, x.ToVersion, x.ToCode },
                        principalTable: "codes_entries",
                        principalColumns: new[] { "SystemId", "Version", "Code" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_codes_mappings_FromSystem_FromVersion_FromCode",
                table: "codes_mappings",
                columns: new[] { "FromSystem", "FromVersion", "FromCode" });

            migrationBuilder.CreateIndex(
                name: "IX_codes_mappings_FromSystem_FromVersion_ToSystem_ToVersion_Fr~",
                table: "codes_mappings",
                columns: new[] { "FromSystem", "FromVersion", "ToSystem", "ToVersion", "FromCode" });

            migrationBuilder.CreateIndex(
                name: "IX_codes_mappings_ToSystem_ToVersion_ToCode",
                table: "codes_mappings",
                columns: new[] { "ToSystem", "ToVersion", "ToCode" });

            migrationBuilder.CreateIndex(
                name: "IX_codes_records_Kind_Key",
                table: "codes_records",
                columns: new[] { "Kind", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_standards_categories_ParentCode",
                table: "standards_categories",
                column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_standards_requirements_CategoryCode_Parameter",
                table: "standards_requirements",
                columns: new[] { "CategoryCode", "Parameter" });

            migrationBuilder.CreateIndex(
                name: "IX_standards_requirements_StandardNumber_Clause_CategoryCode_P~",
                table: "standards_requirements",
                columns: new[] { "StandardNumber", "Clause", "CategoryCode", "Parameter", "ProcessingState" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_standards_standards_Number",
                table: "standards_standards",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supervision_events_DispatchedAt",
                table: "supervision_events",
                column: "DispatchedAt");

            migrationBuilder.CreateIndex(
                name: "IX_supervision_events_LotId",
                table: "supervision_events",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_supervision_events_OfficeCode_At",
                table: "supervision_events",
                columns: new[] { "OfficeCode", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_supervision_lines_EnterpriseId_Code",
                table: "supervision_lines",
                columns: new[] { "EnterpriseId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supervision_lots_EnterpriseId_Number",
                table: "supervision_lots",
                columns: new[] { "EnterpriseId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supervision_lots_LineId",
                table: "supervision_lots",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_supervision_lots_OfficeCode_Status",
                table: "supervision_lots",
                columns: new[] { "OfficeCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_supervision_measurements_LotId_At",
                table: "supervision_measurements",
                columns: new[] { "LotId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_supervision_records_LotId",
                table: "supervision_records",
                column: "LotId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supervision_records_Number",
                table: "supervision_records",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supervision_streams_LotId_Device_Sensor_Parameter",
                table: "supervision_streams",
                columns: new[] { "LotId", "Device", "Sensor", "Parameter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supervision_videos_LotId",
                table: "supervision_videos",
                column: "LotId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "codes_mappings");

            migrationBuilder.DropTable(
                name: "codes_records");

            migrationBuilder.DropTable(
                name: "codes_state");

            migrationBuilder.DropTable(
                name: "standards_categories");

            migrationBuilder.DropTable(
                name: "standards_parameters");

            migrationBuilder.DropTable(
                name: "standards_requirements");

            migrationBuilder.DropTable(
                name: "standards_standards");

            migrationBuilder.DropTable(
                name: "supervision_events");

            migrationBuilder.DropTable(
                name: "supervision_measurements");

            migrationBuilder.DropTable(
                name: "supervision_records");

            migrationBuilder.DropTable(
                name: "supervision_streams");

            migrationBuilder.DropTable(
                name: "supervision_videos");

            migrationBuilder.DropTable(
                name: "codes_entries");

            migrationBuilder.DropTable(
                name: "supervision_lots");

            migrationBuilder.DropTable(
                name: "codes_versions");

            migrationBuilder.DropTable(
                name: "supervision_lines");

            migrationBuilder.DropTable(
                name: "codes_systems");
        }
    }
}
