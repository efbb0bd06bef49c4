using OneCity.GovServices.Catalogue;

namespace OneCity.GovServices.Bundles;

/// <summary>
/// Checks a bundle definition before it is loaded or published: services exist, step ids are unique, dependencies
/// resolve without cycles, fields name services the bundle uses, conditions are well formed and mention known facts.
/// Returns (path, rule) pairs, empty when the bundle is sound.
/// </summary>
internal static class BundleValidator
{
    /// <summary>Registry fields that conditions may use besides the granted population and legal-entity fields.</summary>
    private static readonly HashSet<string> ApplicantFacts = new(StringComparer.Ordinal)
    {
        "personId", "name", "idNumber", "mobile", "address", "gender", "birthDate", "hukouDistrictCode", "residenceAreaCode", "maritalStatus", "age",
    };

    private static readonly HashSet<string> EntityFacts = new(StringComparer.Ordinal)
    {
        "creditCode", "name", "kind", "legalRepresentativeId", "legalRepresentativeName", "districtCode", "address", "establishedOn", "registeredCapital", "industry", "status",
    };

    public static IReadOnlyList<(string Path, string Rule)> Validate(BundleDefinition b, IReadOnlyDictionary<string, ServiceDefinition> services)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(b.Code) || b.Code.Length > 60 || !b.Code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add(("code", "lower-case letters, digits and '-', at most 60"));
        }

        if (string.IsNullOrWhiteSpace(b.NameZh) || string.IsNullOrWhiteSpace(b.NameEn))
        {
            errors.Add(("name", "nameZh and nameEn are required"));
        }

        if (b.Steps is not { Count: > 0 })
        {
            errors.Add(("steps", "at least one step"));
            return errors;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (s, i) in b.Steps.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(s.Id) || !ids.Add(s.Id))
            {
                errors.Add(($"steps[{i}].id", "unique and non-empty"));
            }

            if (!services.ContainsKey(s.Service))
            {
                errors.Add(($"steps[{i}].service", $"unknown service {s.Service}"));
            }
        }

        foreach (var (s, i) in b.Steps.Select((s, i) => (s, i)))
        {
            foreach (var d in s.DependsOn ?? [])
            {
                if (!ids.Contains(d) || d == s.Id)
                {
                    errors.Add(($"steps[{i}].dependsOn", $"unknown step {d}"));
                }
            }
        }

        if (BundleGraph.TopologicalOrder(b.Steps) is null)
        {
            errors.Add(("steps", "the dependencies form a cycle"));
        }

        var used = b.Steps.Select(s => s.Service).ToHashSet(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (f, i) in (b.Fields ?? []).Select((f, i) => (f, i)))
        {
            if (string.IsNullOrWhiteSpace(f.Key) || !f.Key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || !keys.Add(f.Key))
            {
                errors.Add(($"fields[{i}].key", "unique, ASCII letters, digits and '_'"));
            }

            if (f.Services is not { Count: > 0 } || f.Services.Any(s => !used.Contains(s)))
            {
                errors.Add(($"fields[{i}].services", "one or more services of this bundle's steps"));
            }

            if (f.Type == FieldType.Choice && f.Options is not { Count: > 0 })
            {
                errors.Add(($"fields[{i}].options", "a choice needs options"));
            }

            if (f.Prefill is { } p && (p.Subject is not ("applicant" or "entity") || !(p.Subject == "applicant" ? ApplicantFacts : EntityFacts).Contains(p.Field)))
            {
                errors.Add(($"fields[{i}].prefill", $"unknown registry field {p.Subject}.{p.Field}"));
            }
        }

        var conditions = (b.Fields ?? []).Select((f, i) => ($"fields[{i}].showWhen", f.ShowWhen))
            .Concat((b.Eligibility ?? []).Select((r, i) => ($"eligibility[{i}].when", (Condition?)r.When)))
            .Concat(b.Steps.Select((s, i) => ($"steps[{i}].includeWhen", s.IncludeWhen)));
        foreach (var (path, c) in conditions)
        {
            if (c is null)
            {
                continue;
            }

            if (Conditions.Check(c) is { } problem)
            {
                errors.Add((path, problem));
                continue;
            }

            foreach (var fact in Conditions.FactsOf(c))
            {
                if (!KnownFact(fact, keys))
                {
                    errors.Add((path, $"unknown fact {fact}"));
                }
            }
        }

        return errors;
    }

    private static bool KnownFact(string fact, HashSet<string> keys)
    {
        var dot = fact.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return false;
        }

        var name = fact[(dot + 1)..];
        return fact[..dot] switch
        {
            "answers" => keys.Contains(name),
            "applicant" => ApplicantFacts.Contains(name),
            "entity" => EntityFacts.Contains(name),
            "licences" => OneCity.Platform.Registries.ELicences.ELicenceTypes.Find(name) is not null,
            _ => false,
        };
    }
}
