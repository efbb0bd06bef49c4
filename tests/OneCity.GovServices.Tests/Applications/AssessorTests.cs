using OneCity.GovServices.Applications;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using static OneCity.GovServices.Tests.Calendars;

namespace OneCity.GovServices.Tests.Applications;

/// <summary>Which materials an e-licence makes exempt: one already held, or one a step the needing step waits for will issue.</summary>
public sealed class AssessorTests
{
    private static readonly MaterialDefinition Booklet = new("hukou-booklet", "户口簿", "Household booklet", MaterialSource.ELicence, ELicenceType: "hukou-booklet");

    private static ServiceDefinition Service(string code, string? output, params MaterialDefinition[] materials) => new(code, code, code, "GA",
        HandlingLevel.District, ServiceKind.Registration, "basis", "conditions", "conditions", materials, 10, 5, 0m, null, ["online"], output);

    private static Assessment Assess(IReadOnlyList<HeldLicence> held, params (BundleStep Step, ServiceDefinition Service)[] steps)
    {
        var bundle = new BundleDefinition("test", "测试", "Test", BundleEventKind.LifeEvent, ApplicantKind.Person, "", "", [], [], [.. steps.Select(s => s.Step)]);
        var catalogue = new CatalogueSnapshot(steps.ToDictionary(s => s.Service.Code, s => s.Service), new Dictionary<string, BundleVersion>());
        var applicant = new ApplicantRecord(new Dictionary<string, object?>(), null, held);
        return Assessor.Assess(bundle, catalogue, applicant, new Dictionary<string, object?>(), D("2026-09-21"), Embedded());
    }

    private static MaterialDisposition DispositionOf(Assessment a, string code) => Assert.Single(a.Materials, m => m.Material.Code == code).Disposition;

    [Fact]
    public void AStepThatIssuesTheBookletDoesNotExemptItselfFromProvidingIt()
    {
        // Registering the hukou both needs the family's booklet and (re)issues it: the applicant must still bring it.
        var a = Assess([], (new BundleStep("hukou", "HUKOU", null), Service("HUKOU", "hukou-booklet", Booklet)));
        Assert.Equal(MaterialDisposition.Uploaded, DispositionOf(a, "hukou-booklet"));
    }

    [Fact]
    public void ALaterStepWaitingForTheIssuingStepIsExemptEvenThroughAnotherStep()
    {
        var a = Assess([],
            (new BundleStep("hukou", "HUKOU", null), Service("HUKOU", "hukou-booklet")),
            (new BundleStep("insurance", "INS", ["hukou"]), Service("INS", null)),
            (new BundleStep("card", "CARD", ["insurance"]), Service("CARD", null, Booklet)));
        Assert.Equal(MaterialDisposition.ExemptLicence, DispositionOf(a, "hukou-booklet"));
    }

    [Fact]
    public void AParallelStepIsNotExemptByAnotherStepsOutput()
    {
        // The card step does not wait for the hukou step, so the booklet may not exist when the card is handled.
        var a = Assess([],
            (new BundleStep("hukou", "HUKOU", null), Service("HUKOU", "hukou-booklet")),
            (new BundleStep("card", "CARD", null), Service("CARD", null, Booklet)));
        Assert.Equal(MaterialDisposition.Uploaded, DispositionOf(a, "hukou-booklet"));
    }

    [Fact]
    public void WhenOneOfTwoNeedingStepsDoesNotWaitForTheIssuerTheMaterialIsStillUploaded()
    {
        var a = Assess([],
            (new BundleStep("hukou", "HUKOU", null), Service("HUKOU", "hukou-booklet")),
            (new BundleStep("card", "CARD", ["hukou"]), Service("CARD", null, Booklet)),
            (new BundleStep("subsidy", "SUB", null), Service("SUB", null, Booklet)));
        Assert.Equal(MaterialDisposition.Uploaded, DispositionOf(a, "hukou-booklet"));
    }

    [Fact]
    public void AHeldLicenceExemptsEveryStepAndNamesTheLicence()
    {
        var a = Assess([new HeldLicence("EL00000001", "hukou-booklet")], (new BundleStep("hukou", "HUKOU", null), Service("HUKOU", "hukou-booklet", Booklet)));
        var m = Assert.Single(a.Materials);
        Assert.Equal(MaterialDisposition.ExemptLicence, m.Disposition);
        Assert.Equal("EL00000001", m.LicenceId);
    }
}
