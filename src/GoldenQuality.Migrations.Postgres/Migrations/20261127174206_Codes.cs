using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Codes : Migration
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
                name: "codes_entries");

            migrationBuilder.DropTable(
                name: "codes_versions");

            migrationBuilder.DropTable(
                name: "codes_systems");
        }
    }
}
