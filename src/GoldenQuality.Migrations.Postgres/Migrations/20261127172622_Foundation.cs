using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Foundation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "registry_areas",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    Level = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_areas", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "registry_enterprise_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Field = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OldValue = table.Column<string>(type: "text", nullable: true),
                    NewValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_enterprise_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "registry_enterprises",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Address = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    LegalRepresentative = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BusinessScope = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Roles = table.Column<int>(type: "integer", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ViewJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_enterprises", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "registry_organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Agency = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    Jurisdiction = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "registry_reference_data_loads",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LoadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_reference_data_loads", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "registry_uscc_allow_list",
                columns: table => new
                {
                    Uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_uscc_allow_list", x => x.Uscc);
                });

            migrationBuilder.CreateTable(
                name: "identity_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PasswordHash = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Roles = table.Column<int>(type: "integer", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_users", x => x.Id);
                    table.ForeignKey(
                        name: "FK_identity_users_registry_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "registry_enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_identity_users_registry_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "registry_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registry_enterprise_registrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_enterprise_registrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_registry_enterprise_registrations_registry_enterprises_Ente~",
                        column: x => x.EnterpriseId,
                        principalTable: "registry_enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_registry_enterprise_registrations_registry_organisations_Ag~",
                        column: x => x.AgencyOrganisationId,
                        principalTable: "registry_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registry_organisation_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FromId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_organisation_links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_registry_organisation_links_registry_organisations_FromId",
                        column: x => x.FromId,
                        principalTable: "registry_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_registry_organisation_links_registry_organisations_ToId",
                        column: x => x.ToId,
                        principalTable: "registry_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registry_ports",
                columns: table => new
                {
                    Locode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    NameZh = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    OfficeId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_ports", x => x.Locode);
                    table.ForeignKey(
                        name: "FK_registry_ports_registry_organisations_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "registry_organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "identity_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_api_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_identity_api_keys_identity_users_UserId",
                        column: x => x.UserId,
                        principalTable: "identity_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_identity_api_keys_Hash",
                table: "identity_api_keys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_identity_api_keys_UserId",
                table: "identity_api_keys",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_identity_users_EnterpriseId",
                table: "identity_users",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_identity_users_OrganisationId",
                table: "identity_users",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_identity_users_UserName",
                table: "identity_users",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registry_areas_ParentCode",
                table: "registry_areas",
                column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_registry_enterprise_changes_EnterpriseId_At",
                table: "registry_enterprise_changes",
                columns: new[] { "EnterpriseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_enterprise_registrations_AgencyOrganisationId_Kind~",
                table: "registry_enterprise_registrations",
                columns: new[] { "AgencyOrganisationId", "Kind", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registry_enterprise_registrations_EnterpriseId",
                table: "registry_enterprise_registrations",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_registry_enterprises_AreaCode",
                table: "registry_enterprises",
                column: "AreaCode");

            migrationBuilder.CreateIndex(
                name: "IX_registry_enterprises_Uscc",
                table: "registry_enterprises",
                column: "Uscc",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registry_organisation_links_FromId_ToId_Type",
                table: "registry_organisation_links",
                columns: new[] { "FromId", "ToId", "Type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registry_organisation_links_ToId",
                table: "registry_organisation_links",
                column: "ToId");

            migrationBuilder.CreateIndex(
                name: "IX_registry_organisations_Code",
                table: "registry_organisations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registry_organisations_ProvinceCode_Agency",
                table: "registry_organisations",
                columns: new[] { "ProvinceCode", "Agency" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_ports_OfficeId",
                table: "registry_ports",
                column: "OfficeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "identity_api_keys");

            migrationBuilder.DropTable(
                name: "registry_areas");

            migrationBuilder.DropTable(
                name: "registry_enterprise_changes");

            migrationBuilder.DropTable(
                name: "registry_enterprise_registrations");

            migrationBuilder.DropTable(
                name: "registry_organisation_links");

            migrationBuilder.DropTable(
                name: "registry_ports");

            migrationBuilder.DropTable(
                name: "registry_reference_data_loads");

            migrationBuilder.DropTable(
                name: "registry_uscc_allow_list");

            migrationBuilder.DropTable(
                name: "identity_users");

            migrationBuilder.DropTable(
                name: "registry_enterprises");

            migrationBuilder.DropTable(
                name: "registry_organisations");
        }
    }
}
