using OneCity.GovServices.Applications;

namespace OneCity.GovServices.Tests.Applications;

public sealed class StepActionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 21, 1, 0, 0, TimeSpan.Zero);

    private static ApplicationStep Step(string key, StepStatus status, params string[] dependsOn) => new()
    {
        StepKey = key, ServiceCode = "SVC-" + key, ServiceNameZh = key + "（中文）", ServiceNameEn = key, DepartmentCode = "310101-WJ",
        DependsOn = string.Join(',', dependsOn), Status = status, Revision = 3,
    };

    /// <summary>The newborn application after the birth certificate was issued: hukou, vaccination and home visit in their queues.</summary>
    private static Application Newborn() => new()
    {
        Number = "YW2026092100000001", BundleCode = "newborn", BundleNameZh = "出生一件事", BundleNameEn = "Having a baby", ApplicantPersonId = "P00000001",
        SubmittedByUserId = "u1", Channel = "online", DistrictCode = "310101", AnswersCipher = "-", ProvenanceJson = "{}", RequestHash = "-",
        Status = ApplicationStatus.InProgress,
        Steps =
        [
            Step("birth-certificate", StepStatus.Done),
            Step("vaccination-record", StepStatus.Pending, "birth-certificate"),
            Step("hukou", StepStatus.Accepted, "birth-certificate"),
            Step("health-visit", StepStatus.Pending, "birth-certificate"),
            Step("medical-insurance", StepStatus.Blocked, "hukou"),
            Step("medical-insurance-payment", StepStatus.Blocked, "medical-insurance"),
            Step("social-security-card", StepStatus.Blocked, "hukou"),
            Step("childcare-subsidy", StepStatus.Blocked, "hukou"),
            Step("joint", StepStatus.Blocked, "health-visit,medical-insurance-payment"),
        ],
    };

    private static ApplicationStep Get(Application a, string key) => a.Steps.Single(s => s.StepKey == key);

    [Fact]
    public void AFailedStepCancelsEveryStepThatWaitsForItTransitivelyAndNothingElse()
    {
        var app = Newborn();
        var hukou = Get(app, "hukou");
        hukou.Status = StepStatus.Rejected;

        var detail = StepActions.Cascade(app, hukou, Now);

        string[] cancelled = ["medical-insurance", "social-security-card", "childcare-subsidy", "medical-insurance-payment", "joint"];
        Assert.Equal("cancelled=" + string.Join(',', cancelled), detail);
        foreach (var key in cancelled)
        {
            var s = Get(app, key);
            Assert.Equal(StepStatus.Cancelled, s.Status);
            Assert.Equal(Now, s.FinishedAt);
            Assert.Equal(Now, s.UpdatedAt);
            Assert.Equal(4, s.Revision);
            Assert.Contains("hukou（中文）", s.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(StepStatus.Pending, Get(app, "vaccination-record").Status);
        Assert.Equal(StepStatus.Pending, Get(app, "health-visit").Status);
        Assert.Equal(3, Get(app, "health-visit").Revision);
        Assert.Equal(StepStatus.Done, Get(app, "birth-certificate").Status);
    }

    [Fact]
    public void AFailedStepWithoutDependentsCancelsNothing()
    {
        var app = Newborn();
        var visit = Get(app, "vaccination-record");
        visit.Status = StepStatus.Refused;
        Assert.Equal("", StepActions.Cascade(app, visit, Now));
        Assert.DoesNotContain(app.Steps, s => s.Status == StepStatus.Cancelled);
    }

    [Fact]
    public void OnlyBlockedStepsAreCancelled()
    {
        // A dependent already released (it should not be, but data is data) is left for its department.
        var app = Newborn();
        Get(app, "social-security-card").Status = StepStatus.Pending;
        var hukou = Get(app, "hukou");
        hukou.Status = StepStatus.Rejected;
        StepActions.Cascade(app, hukou, Now);
        Assert.Equal(StepStatus.Pending, Get(app, "social-security-card").Status);
        Assert.Equal(StepStatus.Cancelled, Get(app, "childcare-subsidy").Status);
    }

    [Fact]
    public void TheApplicationIsInProgressWhileAnyStepIsOpenAndWaitingForTheApplicantWhileOneOwesASupplement()
    {
        var app = Newborn();
        StepActions.UpdateStatus(app, Now);
        Assert.Equal(ApplicationStatus.InProgress, app.Status);
        Assert.Null(app.ClosedAt);
        Assert.Equal(Now, app.UpdatedAt);

        Get(app, "health-visit").Status = StepStatus.Supplement;
        StepActions.UpdateStatus(app, Now);
        Assert.Equal(ApplicationStatus.WaitingForApplicant, app.Status);
        Assert.Null(app.ClosedAt);
    }

    [Fact]
    public void EveryStepDoneCompletesTheApplicationOnce()
    {
        var app = Newborn();
        app.Status = ApplicationStatus.WaitingForApplicant;
        app.Steps.ForEach(s => s.Status = StepStatus.Done);
        StepActions.UpdateStatus(app, Now);
        Assert.Equal(ApplicationStatus.Completed, app.Status);
        Assert.Equal(Now, app.ClosedAt);

        // Recomputing later keeps the moment it closed.
        StepActions.UpdateStatus(app, Now.AddDays(1));
        Assert.Equal(Now, app.ClosedAt);
        Assert.Equal(Now.AddDays(1), app.UpdatedAt);
    }

    [Fact]
    public void SomeStepsDoneAndTheRestFailedIsPartiallyCompleted()
    {
        var app = Newborn();
        var hukou = Get(app, "hukou");
        hukou.Status = StepStatus.Rejected;
        StepActions.Cascade(app, hukou, Now);
        Get(app, "vaccination-record").Status = StepStatus.Done;
        StepActions.UpdateStatus(app, Now);
        Assert.Equal(ApplicationStatus.InProgress, app.Status); // the home visit is still open

        Get(app, "health-visit").Status = StepStatus.Refused;
        StepActions.UpdateStatus(app, Now);
        Assert.Equal(ApplicationStatus.PartiallyCompleted, app.Status);
        Assert.Equal(Now, app.ClosedAt);
    }

    [Fact]
    public void NoStepDoneIsRejected()
    {
        var app = Newborn();
        foreach (var s in app.Steps)
        {
            s.Status = s.StepKey == "birth-certificate" ? StepStatus.Refused : StepStatus.Cancelled;
        }

        StepActions.UpdateStatus(app, Now);
        Assert.Equal(ApplicationStatus.Rejected, app.Status);
        Assert.Equal(Now, app.ClosedAt);
    }
}
