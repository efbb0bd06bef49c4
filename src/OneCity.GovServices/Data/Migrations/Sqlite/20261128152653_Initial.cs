using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneCity.GovServices.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gov_application_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    StepId = table.Column<long>(type: "INTEGER", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Details = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_application_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_applications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    BundleCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    BundleVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    BundleNameZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BundleNameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ApplicantKind = table.Column<int>(type: "INTEGER", nullable: false),
                    ApplicantPersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EntityCreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    ApplicantUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SubmittedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AgentUserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IdentityCheck = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DistrictCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    AnswersCipher = table.Column<string>(type: "TEXT", nullable: false),
                    ProvenanceJson = table.Column<string>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PromisedBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_benefit_grants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OfferId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubjectPersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Frequency = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_benefit_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_bundle_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BundleCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    EditedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EditedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_bundle_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_files",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_files", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_offer_scans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    TriggeredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    People = table.Column<int>(type: "INTEGER", nullable: false),
                    Matched = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_offer_scans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_offers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubjectPersonId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Frequency = table.Column<int>(type: "INTEGER", nullable: false),
                    ReasonCipher = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ScanId = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CommentCipher = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_offers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_ratings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StepId = table.Column<long>(type: "INTEGER", nullable: true),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Stars = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RatedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_ratings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_rectifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RatingId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationNumber = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    StepId = table.Column<long>(type: "INTEGER", nullable: true),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Stars = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ResponseDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FixDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FeedbackDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RespondedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RespondedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RespondedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Fix = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FixedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FixedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FixedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Feedback = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FeedbackBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FeedbackAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FeedbackOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_rectifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_services",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DepartmentLine = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_services", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "gov_supplements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    StepId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemsJson = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnswerNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnswerFilesJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_supplements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gov_application_materials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    MaterialCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Services = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Disposition = table.Column<int>(type: "INTEGER", nullable: false),
                    LicenceId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Dataset = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    FileId = table.Column<long>(type: "INTEGER", nullable: true),
                    CommittedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_application_materials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_gov_application_materials_gov_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "gov_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gov_application_steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    StepKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ServiceNameZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ServiceNameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DependsOn = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    PromisedDays = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PausedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    OutputType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    OutputLicenceId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    HandledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gov_application_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_gov_application_steps_gov_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "gov_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gov_application_events_ApplicationId",
                table: "gov_application_events",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_application_materials_ApplicationId",
                table: "gov_application_materials",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_application_steps_ApplicationId_StepKey",
                table: "gov_application_steps",
                columns: new[] { "ApplicationId", "StepKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_application_steps_DepartmentCode_Status_DueOn",
                table: "gov_application_steps",
                columns: new[] { "DepartmentCode", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_applications_ApplicantPersonId_SubmittedAt",
                table: "gov_applications",
                columns: new[] { "ApplicantPersonId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_applications_ApplicantUserId",
                table: "gov_applications",
                column: "ApplicantUserId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_applications_BundleCode_Status",
                table: "gov_applications",
                columns: new[] { "BundleCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_applications_Number",
                table: "gov_applications",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_applications_SubmittedByUserId_IdempotencyKey",
                table: "gov_applications",
                columns: new[] { "SubmittedByUserId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_benefit_grants_OfferId",
                table: "gov_benefit_grants",
                column: "OfferId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_benefit_grants_PersonId",
                table: "gov_benefit_grants",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_bundle_versions_BundleCode_Version",
                table: "gov_bundle_versions",
                columns: new[] { "BundleCode", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_files_ApplicationId",
                table: "gov_files",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_files_OwnerUserId",
                table: "gov_files",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_offers_DepartmentCode_Status",
                table: "gov_offers",
                columns: new[] { "DepartmentCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_offers_PersonId_Status",
                table: "gov_offers",
                columns: new[] { "PersonId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_offers_RuleCode_PersonId_PeriodKey",
                table: "gov_offers",
                columns: new[] { "RuleCode", "PersonId", "PeriodKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_ratings_ApplicationId_Target",
                table: "gov_ratings",
                columns: new[] { "ApplicationId", "Target" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_ratings_DepartmentCode",
                table: "gov_ratings",
                column: "DepartmentCode");

            migrationBuilder.CreateIndex(
                name: "IX_gov_rectifications_ApplicationId",
                table: "gov_rectifications",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_rectifications_DepartmentCode_Status",
                table: "gov_rectifications",
                columns: new[] { "DepartmentCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_gov_rectifications_RatingId_DepartmentCode",
                table: "gov_rectifications",
                columns: new[] { "RatingId", "DepartmentCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gov_supplements_ApplicationId",
                table: "gov_supplements",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_gov_supplements_StepId",
                table: "gov_supplements",
                column: "StepId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gov_application_events");

            migrationBuilder.DropTable(
                name: "gov_application_materials");

            migrationBuilder.DropTable(
                name: "gov_application_steps");

            migrationBuilder.DropTable(
                name: "gov_benefit_grants");

            migrationBuilder.DropTable(
                name: "gov_bundle_versions");

            migrationBuilder.DropTable(
                name: "gov_files");

            migrationBuilder.DropTable(
                name: "gov_offer_scans");

            migrationBuilder.DropTable(
                name: "gov_offers");

            migrationBuilder.DropTable(
                name: "gov_ratings");

            migrationBuilder.DropTable(
                name: "gov_rectifications");

            migrationBuilder.DropTable(
                name: "gov_services");

            migrationBuilder.DropTable(
                name: "gov_supplements");

            migrationBuilder.DropTable(
                name: "gov_applications");
        }
    }
}
