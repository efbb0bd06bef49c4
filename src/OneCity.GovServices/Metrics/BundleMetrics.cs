using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using OneCity.Platform.Hosting;

namespace OneCity.GovServices.Metrics;

/// <summary>One measure: the bundle's figure, the figure applying for each service separately, and the reduction in percent.</summary>
internal sealed record Measure(int Bundle, int Separate, decimal ReductionPercent)
{
    public static Measure Of(int bundle, int separate) =>
        new(bundle, separate, separate <= 0 ? 0 : Math.Round((separate - bundle) * 100m / separate, 1, MidpointRounding.AwayFromZero));
}

/// <summary>
/// What a bundle saves an applicant, computed from the catalogue: materials asked once instead of per service,
/// uploads left after exemptions (e-licences, registries, commitments) against every material applying separately,
/// trips (one online application against each service's counter visits), forms (one unified form against one per
/// service), and working days (the step graph's critical path against applying for the services one after another,
/// and against their statutory limits).
/// </summary>
internal sealed record BundleMetrics(
    string Code, int Version, string NameZh, string NameEn, int Steps, int Departments,
    Measure Materials, Measure Uploads, int Exempt, Measure Trips, Measure Forms, Measure Days, Measure DaysStatutory);

internal static class BundleMetricsCalculator
{
    public static BundleMetrics Compute(BundleVersion bundle, IReadOnlyDictionary<string, ServiceDefinition> services)
    {
        var def = bundle.Definition;
        var steps = def.Steps.Select(s => services[s.Service]).ToList();
        var all = steps.SelectMany(s => s.Materials).ToList();
        var distinct = all.DistinctBy(m => m.Code).ToList();

        // What is left to upload in the bundle: materials only the applicant has. E-licences, registry records and
        // commitments are exempt (两个免于提交).
        var uploads = distinct.Count(m => m.Source == MaterialSource.Upload);
        var critical = CriticalPath(def, services);
        return new BundleMetrics(def.Code, bundle.Version, def.NameZh, def.NameEn, def.Steps.Count, steps.Select(s => s.DepartmentLine).Distinct().Count(),
            Measure.Of(distinct.Count, all.Count),
            Measure.Of(uploads, all.Count),
            distinct.Count - uploads,
            Measure.Of(1, steps.Sum(s => s.Trips)),
            Measure.Of(1, steps.Count),
            Measure.Of(critical, steps.Sum(s => s.PromisedDays)),
            Measure.Of(critical, steps.Sum(s => s.StatutoryDays)));
    }

    /// <summary>
    /// The longest chain of promised working days through the step graph with every step included, as
    /// <see cref="BundleGraph.Plan"/> counts it, without dates (so no calendar year has to be loaded).
    /// </summary>
    public static int CriticalPath(BundleDefinition def, IReadOnlyDictionary<string, ServiceDefinition> services)
    {
        var byId = def.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var path = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in BundleGraph.TopologicalOrder(def.Steps) ?? throw new InvalidOperationException($"Bundle {def.Code} has a dependency cycle."))
        {
            var before = (byId[id].DependsOn ?? []).Where(path.ContainsKey).Select(d => path[d]).DefaultIfEmpty(0).Max();
            path[id] = before + services[byId[id].Service].PromisedDays;
        }

        return path.Count == 0 ? 0 : path.Values.Max();
    }

    public static void MapBundleMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/bundles").WithTags("GovServices: catalogue").AllowAnonymous();
        g.MapGet("/metrics", All).WithSummary("What every bundle saves: materials, uploads, trips, forms and working days against applying for each service separately.");
        g.MapGet("/{code}/metrics", One).WithSummary("What one bundle saves against applying for each of its services separately.");
    }

    private static async Task<Ok<IReadOnlyList<BundleMetrics>>> All(GovCatalogue catalogue, HttpContext http)
    {
        var snapshot = await catalogue.GetAsync(http.RequestAborted);
        IReadOnlyList<BundleMetrics> list = snapshot.Bundles.Values.OrderBy(b => b.Definition.Code, StringComparer.Ordinal)
            .Select(b => Compute(b, snapshot.Services)).ToList();
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<BundleMetrics>, ProblemHttpResult>> One(string code, GovCatalogue catalogue, HttpContext http)
    {
        var snapshot = await catalogue.GetAsync(http.RequestAborted);
        return snapshot.Bundles.TryGetValue(code, out var b)
            ? TypedResults.Ok(Compute(b, snapshot.Services))
            : Problems.NotFound($"No published bundle {code}.");
    }
}
