using OneCity.Sensing.Plans;

namespace OneCity.Sensing.Tests.Plans;

/// <summary>Which plans a CAP alert or a vital sign proposes, at which level and for which areas; and that the shipped plans are valid.</summary>
public sealed class PlanTriggerTests
{
    private static readonly PlanCatalogue Catalogue = new();

    private static CapTrigger Alert(string ev, string severity, string[]? geocodes = null, string[]? areas = null) =>
        new("CN-SH-" + Guid.NewGuid().ToString("N")[..8], "sh-meteo@example.cn", ev, severity, "Expected", "Likely", areas ?? [], geocodes ?? ["310000"]);

    [Fact]
    public void TheShippedPlansCoverTheFourTypesAndAreValid()
    {
        Assert.Equal(["high-temperature", "other", "rainstorm-flooding", "typhoon"], Catalogue.All.Select(p => p.Type).Distinct().Order(StringComparer.Ordinal));
        foreach (var p in Catalogue.All)
        {
            Assert.Empty(PlanCatalogue.Validate(p));
        }

        // Higher levels add tasks and shorten deadlines.
        var typhoon = Catalogue.Find("typhoon")!;
        Assert.True(typhoon.TasksAt(1).Count() > typhoon.TasksAt(4).Count());
        Assert.True(typhoon.Tasks.Single(t => t.Key == "secure-cranes").HoursAt(1) < typhoon.Tasks.Single(t => t.Key == "secure-cranes").HoursAt(4));
    }

    [Theory]
    [InlineData("Minor", 4)]
    [InlineData("Moderate", 3)]
    [InlineData("Severe", 2)]
    [InlineData("Extreme", 1)]
    public void SeverityMapsToTheResponseLevel(string severity, int level)
    {
        var m = Assert.Single(PlanTriggers.MatchCap(Catalogue.All, Alert("台风蓝色预警", severity)));
        Assert.Equal("typhoon", m.Plan.Code);
        Assert.Equal(level, m.Level);
        Assert.Equal(["310000"], m.Areas);
    }

    [Fact]
    public void UnknownSeverityAndSeveritiesAPlanLeavesOutProposeNothing()
    {
        Assert.Empty(PlanTriggers.MatchCap(Catalogue.All, Alert("Typhoon Warning", "Unknown")));
        // The heat plan starts at Moderate.
        Assert.Empty(PlanTriggers.MatchCap(Catalogue.All, Alert("高温黄色预警", "Minor")));
        Assert.Equal(3, Assert.Single(PlanTriggers.MatchCap(Catalogue.All, Alert("高温黄色预警", "Moderate"))).Level);
    }

    [Theory]
    [InlineData("Hurricane Warning", "typhoon")]
    [InlineData("TYPHOON", "typhoon")]
    [InlineData("颱風警報", "typhoon")]
    [InlineData("暴雨橙色预警", "rainstorm-flooding")]
    [InlineData("Flash Flood Watch", "rainstorm-flooding")]
    [InlineData("Excessive Heat Warning", "high-temperature")]
    public void EventKeywordsMatchInEitherLanguageAndAnyCase(string ev, string plan) =>
        Assert.Equal(plan, Assert.Single(PlanTriggers.MatchCap(Catalogue.All, Alert(ev, "Severe"))).Plan.Code);

    [Fact]
    public void AnUnrelatedEventProposesNothing() =>
        Assert.Empty(PlanTriggers.MatchCap(Catalogue.All, Alert("Earthquake", "Extreme")));

    [Fact]
    public void AreasComeFromGeocodesAndAreaDescriptions()
    {
        Assert.Equal(["310101", "310115"], PlanTriggers.CapAreas(Alert("台风", "Minor", ["310101", "310115012", "440300"])));
        Assert.Equal(["310000"], PlanTriggers.CapAreas(Alert("台风", "Minor", ["310000", "310101"])));
        Assert.Equal(["310115", "310151"], PlanTriggers.CapAreas(Alert("台风", "Minor", [], ["上海市浦东新区", "Chongming District"])));
        Assert.Equal(["310000"], PlanTriggers.CapAreas(Alert("台风", "Minor", [], ["上海市"])));
        Assert.Equal(["310104"], PlanTriggers.CapAreas(Alert("Typhoon", "Minor", [], ["Xuhui, Shanghai"])));
    }

    [Fact]
    public void AnAlertForAnotherCityProposesNothing()
    {
        Assert.Empty(PlanTriggers.MatchCap(Catalogue.All, Alert("台风", "Severe", ["440300"], ["深圳市"])));
        Assert.Empty(PlanTriggers.MatchCap(Catalogue.All, Alert("Typhoon", "Severe", [], ["Okinawa"])));
    }

    [Fact]
    public void AreasIntersectWithThePlansScope()
    {
        Assert.Equal(["310101"], PlanTriggers.Intersect(["310101"], ["310000"]));
        Assert.Equal(["310101", "310104"], PlanTriggers.Intersect(["310000"], ["310104", "310101"]));
        Assert.Equal(["310101"], PlanTriggers.Intersect(["310101", "310115"], ["310101"]));
        Assert.Empty(PlanTriggers.Intersect(["310115"], ["310101"]));
    }

    [Theory]
    [InlineData("max-wind", "attention", null)]
    [InlineData("max-wind", "warning", 4)]
    [InlineData("max-wind", "alarm", 3)]
    [InlineData("tide-level", "warning", null)]
    [InlineData("tide-level", "alarm", 2)]
    public void VitalSignsProposeTheMostSevereLevelTheirRulesGive(string indicator, string level, int? expected)
    {
        var m = PlanTriggers.MatchVitalSign(Catalogue.All, indicator, "310101002", level, 30).Where(x => x.Plan.Code == "typhoon").ToList();
        if (expected is null)
        {
            Assert.Empty(m);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(m).Level);
            Assert.Equal(["310101"], m[0].Areas);
        }
    }

    [Fact]
    public void AVitalSignOutsideShanghaiOrAtNormalProposesNothing()
    {
        Assert.Empty(PlanTriggers.MatchVitalSign(Catalogue.All, "max-wind", "440300", "alarm", 40));
        Assert.Empty(PlanTriggers.MatchVitalSign(Catalogue.All, "max-wind", "310101", "normal", 1));
        Assert.Empty(PlanTriggers.MatchVitalSign(Catalogue.All, "max-wind", "310101", "bogus", 1));
    }

    [Fact]
    public void ABrokenPlanIsRefusedWithThePath()
    {
        var plan = Catalogue.Find("typhoon")! with
        {
            Tasks = [new PlanTask("a", "SH-XX", "甲", "A", ["b"], new Dictionary<string, double> { ["IV"] = 1 }), new PlanTask("b", "district:SWJ", "乙", "B", ["a"], new Dictionary<string, double> { ["V"] = 1 })],
        };
        var errors = PlanCatalogue.Validate(plan).Select(e => e.Path).ToList();
        Assert.Contains("tasks[0].department", errors);
        Assert.Contains("tasks[1].dueHours", errors);
        Assert.Contains("tasks", errors);
        Assert.Throws<InvalidOperationException>(() => new PlanCatalogue([plan]));
    }

    [Theory]
    [InlineData("SH-SWJ", true)]
    [InlineData("310101-ZJ", true)]
    [InlineData("310101002-BSC", true)]
    [InlineData("310101-DSJ", true)]
    [InlineData("SH-XX", false)]
    [InlineData("999999-ZJ", false)]
    [InlineData("310101", false)]
    public void DepartmentCodesAreChecked(string code, bool valid) => Assert.Equal(valid, DepartmentCodes.IsValid(code));
}
