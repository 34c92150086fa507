using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GoldenQuality.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "al_notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Basis = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HazardCategory = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HazardAgent = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HazardValue = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    HazardUnit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    HazardLimit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HazardStandard = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HsCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ProductDescription = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Brand = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LotsJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    EnterprisesJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Usccs = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OriginCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    DistributionCountries = table.Column<string>(type: "character varying(800)", maxLength: 800, nullable: false),
                    Risk = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MeasuresTaken = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RaisedByOffice = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RaisedByNode = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RaisedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ValidateBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ValidatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ValidatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RejectionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "al_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_al_attachments_al_notifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "al_notifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "al_follow_ups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Office = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Party = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    MeasuresTaken = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_follow_ups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_al_follow_ups_al_notifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "al_notifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "al_recipients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Party = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Office = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DistributedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgeBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AnswerBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgeEscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnswerEscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalatedTo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_al_recipients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_al_recipients_al_notifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "al_notifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_al_attachments_NotificationId_Sha256",
                table: "al_attachments",
                columns: new[] { "NotificationId", "Sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_al_follow_ups_NotificationId_At",
                table: "al_follow_ups",
                columns: new[] { "NotificationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_al_follow_ups_NotificationId_MessageId",
                table: "al_follow_ups",
                columns: new[] { "NotificationId", "MessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_al_notifications_Number",
                table: "al_notifications",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_al_notifications_Status_RaisedAt",
                table: "al_notifications",
                columns: new[] { "Status", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_al_recipients_NotificationId_Office",
                table: "al_recipients",
                columns: new[] { "NotificationId", "Office" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_al_recipients_Office",
                table: "al_recipients",
                column: "Office");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "al_attachments");

            migrationBuilder.DropTable(
                name: "al_follow_ups");

            migrationBuilder.DropTable(
                name: "al_recipients");

            migrationBuilder.DropTable(
                name: "al_notifications");
        }
    }
}
