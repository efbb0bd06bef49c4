using OneCity.GovServices.Catalogue;
using OneCity.Platform.Calendar;

namespace OneCity.GovServices.Bundles;

/// <summary>A step as planned for one application: its effective dependencies and its working-day schedule.</summary>
internal sealed record PlannedStep(BundleStep Step, ServiceDefinition Service, IReadOnlyList<string> DependsOn, DateOnly Start, DateOnly Due);

/// <summary>The plan of an application: the included steps in dependency order and the promised completion date.</summary>
internal sealed record BundlePlan(IReadOnlyList<PlannedStep> Steps, DateOnly PromisedBy, int CriticalPathWorkdays);

/// <summary>
/// The step graph of a bundle: validation (unknown dependencies, cycles) and planning. A step starts when all its
/// dependencies are due (at submission when it has none) and is due its service's promised working days later; the
/// bundle's promised completion date is the latest due date. A dependency on an excluded step passes through to that
/// step's own dependencies, so conditional steps never break the chain.
/// </summary>
internal static class BundleGraph
{
    /// <summary>Step ids in an order where every step comes after its dependencies; null when there is a cycle.</summary>
    public static IReadOnlyList<string>? TopologicalOrder(IReadOnlyList<BundleStep> steps)
    {
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        var order = new List<string>(steps.Count);
        foreach (var s in steps)
        {
            if (!Visit(s.Id))
            {
                return null;
            }
        }

        return order;

        bool Visit(string id)
        {
            switch (state.GetValueOrDefault(id))
            {
                case 1:
                    return false;
                case 2:
                    return true;
            }

            state[id] = 1;
            foreach (var d in byId.TryGetValue(id, out var step) ? step.DependsOn ?? [] : [])
            {
                if (byId.ContainsKey(d) && !Visit(d))
                {
                    return false;
                }
            }

            state[id] = 2;
            order.Add(id);
            return true;
        }
    }

    public static BundlePlan Plan(BundleDefinition bundle, IReadOnlyDictionary<string, ServiceDefinition> services, IReadOnlySet<string> included,
        DateOnly submittedOn, WorkingCalendar calendar)
    {
        var order = TopologicalOrder(bundle.Steps) ?? throw new InvalidOperationException($"Bundle {bundle.Code} has a dependency cycle.");
        var byId = bundle.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var due = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var path = new Dictionary<string, int>(StringComparer.Ordinal);
        var planned = new List<PlannedStep>();
        foreach (var id in order)
        {
            if (!included.Contains(id))
            {
                continue;
            }

            var step = byId[id];
            var service = services[step.Service];
            var deps = EffectiveDependencies(id, byId, included);
            var start = submittedOn;
            var before = 0;
            foreach (var d in deps)
            {
                start = due[d] > start ? due[d] : start;
                before = Math.Max(before, path[d]);
            }

            due[id] = calendar.AddWorkdays(start, service.PromisedDays);
            path[id] = before + service.PromisedDays;
            planned.Add(new PlannedStep(step, service, deps, start, due[id]));
        }

        var promised = planned.Count == 0 ? submittedOn : planned.Max(p => p.Due);
        return new BundlePlan(planned, promised, path.Count == 0 ? 0 : path.Values.Max());
    }

    /// <summary>The included steps a step waits for, looking through excluded ones.</summary>
    public static IReadOnlyList<string> EffectiveDependencies(string id, IReadOnlyDictionary<string, BundleStep> byId, IReadOnlySet<string> included)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(byId[id].DependsOn ?? []);
        while (stack.TryPop(out var d))
        {
            if (!seen.Add(d) || !byId.TryGetValue(d, out var dep))
            {
                continue;
            }

            if (included.Contains(d))
            {
                result.Add(d);
            }
            else
            {
                foreach (var x in dep.DependsOn ?? [])
                {
                    stack.Push(x);
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
