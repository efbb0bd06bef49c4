using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using static OneCity.GovServices.Tests.Calendars;

namespace OneCity.GovServices.Tests.Bundles;

public sealed class BundleGraphTests
{
    private static BundleStep S(string id, params string[] dependsOn) => new(id, "SVC-" + id, dependsOn.Length == 0 ? null : dependsOn);

    private static ServiceDefinition Service(string code, int promisedDays) => new(code, code, code, "WJ", HandlingLevel.District, ServiceKind.PublicService,
        "basis", "conditions", "conditions", [], promisedDays * 2, promisedDays, 0m, null, ["online"], null);

    private static BundleDefinition Bundle(params BundleStep[] steps) =>
        new("test", "测试", "Test", BundleEventKind.LifeEvent, ApplicantKind.Person, "", "", [], [], steps);

    private static Dictionary<string, ServiceDefinition> Services(params (string Step, int Days)[] days) =>
        days.ToDictionary(d => "SVC-" + d.Step, d => Service("SVC-" + d.Step, d.Days));

    private static HashSet<string> Included(params string[] ids) => new(ids, StringComparer.Ordinal);

    [Fact]
    public void TheTopologicalOrderPutsEveryStepAfterItsDependenciesWhateverOrderTheyAreDeclaredIn()
    {
        // The newborn bundle's graph, declared children first.
        BundleStep[] steps =
        [
            S("payment", "insurance"), S("insurance", "hukou"), S("card", "hukou"), S("subsidy", "hukou"),
            S("hukou", "certificate"), S("vaccination", "certificate"), S("visit", "certificate"), S("certificate"), S("filing"),
        ];
        var order = BundleGraph.TopologicalOrder(steps);
        Assert.NotNull(order);
        Assert.Equal(steps.Select(s => s.Id).Order(), order.Order());
        foreach (var step in steps)
        {
            foreach (var d in step.DependsOn ?? [])
            {
                Assert.True(order.ToList().IndexOf(d) < order.ToList().IndexOf(step.Id), $"{d} must come before {step.Id}");
            }
        }
    }

    [Fact]
    public void ACycleHasNoOrder()
    {
        Assert.Null(BundleGraph.TopologicalOrder([S("a", "c"), S("b", "a"), S("c", "b")]));
        Assert.Null(BundleGraph.TopologicalOrder([S("a"), S("b", "b")]));
        Assert.Null(BundleGraph.TopologicalOrder([S("root"), S("x", "root", "y"), S("y", "x")]));
    }

    [Fact]
    public void ADependencyOnAnUnknownStepDoesNotBreakTheOrder()
    {
        // Unknown ids are the validator's business (BundleValidator reports them); ordering ignores them.
        Assert.Equal(["a", "b"], BundleGraph.TopologicalOrder([S("a", "nowhere"), S("b", "a")]));
    }

    [Fact]
    public void PlanningThrowsOnACycle()
    {
        var bundle = Bundle(S("a", "b"), S("b", "a"));
        Assert.Throws<InvalidOperationException>(() => BundleGraph.Plan(bundle, Services(("a", 1), ("b", 1)), Included("a", "b"), D("2026-09-21"), Embedded()));
    }

    [Fact]
    public void APlanCountsWorkingDaysAcrossNationalDayAndItsAdjustedSaturday()
    {
        // Submitted Tuesday 29 September 2026. 2026's National Day holiday is 1–7 October; Saturday 10 October is worked.
        var bundle = Bundle(S("certificate"), S("hukou", "certificate"), S("visit", "certificate"), S("card", "hukou"), S("quick"));
        var plan = BundleGraph.Plan(bundle, Services(("certificate", 2), ("hukou", 3), ("visit", 7), ("card", 15), ("quick", 1)),
            Included("certificate", "hukou", "visit", "card", "quick"), D("2026-09-29"), Embedded());

        var byId = plan.Steps.ToDictionary(p => p.Step.Id);
        Assert.Equal((D("2026-09-29"), D("2026-10-08")), (byId["certificate"].Start, byId["certificate"].Due)); // 30 September, then 8 October
        Assert.Equal((D("2026-10-08"), D("2026-10-12")), (byId["hukou"].Start, byId["hukou"].Due)); // 9, 10 (Saturday, worked), 12 October
        Assert.Equal(D("2026-10-08"), byId["visit"].Start);
        Assert.Equal(D("2026-10-16"), byId["visit"].Due); // 9, 10, 12, 13, 14, 15, 16 October
        Assert.Equal(D("2026-11-02"), byId["card"].Due); // 15 working days after 12 October
        Assert.Equal(D("2026-09-30"), byId["quick"].Due);
        Assert.Equal(byId["card"].Due, plan.PromisedBy);
        Assert.Equal(2 + 3 + 15, plan.CriticalPathWorkdays);
        Assert.Equal(["certificate", "hukou"], plan.Steps.Select(p => p.Step.Id).Where(id => id is "certificate" or "hukou"));
        Assert.Equal(["hukou"], byId["card"].DependsOn);
    }

    [Fact]
    public void AnExcludedStepPassesItsDependenciesThrough()
    {
        // certificate → filing (excluded) → subsidy: the subsidy waits for the certificate, not for nothing.
        var bundle = Bundle(S("certificate"), S("filing", "certificate"), S("subsidy", "filing"), S("other"), S("both", "filing", "other"));
        var plan = BundleGraph.Plan(bundle, Services(("certificate", 2), ("filing", 1), ("subsidy", 10), ("other", 1), ("both", 1)),
            Included("certificate", "subsidy", "other", "both"), D("2026-09-21"), Embedded());

        var byId = plan.Steps.ToDictionary(p => p.Step.Id);
        Assert.DoesNotContain("filing", byId.Keys);
        Assert.Equal(["certificate"], byId["subsidy"].DependsOn);
        Assert.Equal(byId["certificate"].Due, byId["subsidy"].Start);
        Assert.Equal(["certificate", "other"], byId["both"].DependsOn);
        Assert.Equal(2 + 10, plan.CriticalPathWorkdays);
    }

    [Fact]
    public void DependenciesPassThroughSeveralExcludedStepsAndAStepWithNoneLeftStartsAtSubmission()
    {
        var steps = new[] { S("a"), S("b", "a"), S("c", "b"), S("d", "c"), S("e", "x"), S("x") }.ToDictionary(s => s.Id);
        Assert.Equal(["a"], BundleGraph.EffectiveDependencies("d", steps, Included("a", "d", "e")));
        Assert.Empty(BundleGraph.EffectiveDependencies("e", steps, Included("a", "d", "e")));

        var plan = BundleGraph.Plan(Bundle([.. steps.Values]), Services(("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 4), ("x", 1)),
            Included("a", "d", "e"), D("2026-09-21"), Embedded());
        var e = plan.Steps.Single(p => p.Step.Id == "e");
        Assert.Equal(D("2026-09-21"), e.Start);
        Assert.Equal(D("2026-09-28"), e.Due); // 22, 23, 24 September, then Mid-Autumn (25–27), then 28 September
    }

    [Fact]
    public void NothingIncludedIsPromisedOnTheDayOfSubmission()
    {
        var plan = BundleGraph.Plan(Bundle(S("a")), Services(("a", 3)), Included(), D("2026-09-21"), Embedded());
        Assert.Empty(plan.Steps);
        Assert.Equal(D("2026-09-21"), plan.PromisedBy);
        Assert.Equal(0, plan.CriticalPathWorkdays);
    }
}
