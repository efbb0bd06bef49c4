using System.Text.Json;
using System.Text.Json.Serialization;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;

namespace OneCity.GovServices.Offers;

/// <summary>Whom a rule looks at: the person themselves, or a child of their household (the offer goes to the guardians).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OfferSubject>))]
internal enum OfferSubject
{
    Person = 1,
    Child = 2,
}

/// <summary>How often the same person may be offered the same rule: once, once a calendar year, once a school year.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OfferPeriod>))]
internal enum OfferPeriod
{
    Once = 1,
    Year = 2,
    SchoolYear = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter<BenefitFrequency>))]
internal enum BenefitFrequency
{
    Once = 1,
    Monthly = 2,
    Yearly = 3,
}

/// <summary>An amount that applies when its condition holds (the first matching band wins, else the rule's amount).</summary>
internal sealed record AmountBand(Condition When, decimal Amount);

/// <summary>
/// A proactive offer (免申即享) as data: when <see cref="When"/> holds over a resident's registry facts, the
/// resident is offered the benefit of <see cref="Service"/> without applying. Facts are <c>person.*</c> (the
/// recipient) and, for <see cref="OfferSubject.Child"/> rules, <c>child.*</c>. The explanation is shown to the
/// citizen with placeholders such as <c>{person.age}</c> and <c>{amount}</c> filled in.
/// </summary>
internal sealed record OfferRule(
    string Code,
    string NameZh,
    string NameEn,
    string Service,
    string PolicyZh,
    string PolicyEn,
    OfferSubject Subject,
    Condition When,
    string ExplanationZh,
    string ExplanationEn,
    OfferPeriod Period,
    BenefitFrequency Frequency,
    decimal Amount,
    IReadOnlyList<AmountBand>? Bands = null,
    int? EndsAtChildAge = null)
{
    public decimal AmountFor(Facts facts) => Bands?.FirstOrDefault(b => Conditions.Evaluate(b.When, facts))?.Amount ?? Amount;
}

/// <summary>The offer rules, read from <c>DemoData/offers.json</c> (embedded) and checked at start-up.</summary>
internal sealed class OfferRules
{
    private const string Resource = "OneCity.GovServices.DemoData.offers.json";

    public OfferRules(IReadOnlyList<OfferRule> all) => All = all;

    public IReadOnlyList<OfferRule> All { get; }

    public OfferRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);

    public static IReadOnlyList<OfferRule> Read()
    {
        using var stream = typeof(OfferRules).Assembly.GetManifestResourceStream(Resource) ?? throw new InvalidOperationException("offers.json is not embedded.");
        try
        {
            return JsonSerializer.Deserialize<List<OfferRule>>(stream, GovJson.Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"offers.json: {e.Message}", e);
        }
    }

    /// <summary>(path, rule) problems of the rules: unique codes, known services, well-formed conditions over known facts.</summary>
    public static IReadOnlyList<(string Path, string Rule)> Validate(IReadOnlyList<OfferRule> rules, IReadOnlyDictionary<string, ServiceDefinition> services)
    {
        var errors = new List<(string, string)>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (r, i) in rules.Select((r, i) => (r, i)))
        {
            if (string.IsNullOrWhiteSpace(r.Code) || r.Code.Length > 60 || !codes.Add(r.Code))
            {
                errors.Add(($"[{i}].code", "unique, non-empty, at most 60"));
            }

            if (!services.ContainsKey(r.Service ?? ""))
            {
                errors.Add(($"[{i}].service", $"unknown service {r.Service}"));
            }

            if (r.Amount < 0 || (r.Bands ?? []).Any(b => b.Amount < 0))
            {
                errors.Add(($"[{i}].amount", "not negative"));
            }

            if (r.EndsAtChildAge is not null && r.Subject != OfferSubject.Child)
            {
                errors.Add(($"[{i}].endsAtChildAge", "only for child rules"));
            }

            var conditions = new[] { ($"[{i}].when", r.When) }.Concat((r.Bands ?? []).Select((b, j) => ($"[{i}].bands[{j}].when", b.When)));
            foreach (var (path, c) in conditions)
            {
                var problem = c is null ? "required" : Conditions.Check(c);
                if (problem is not null)
                {
                    errors.Add((path, problem));
                    continue;
                }

                foreach (var fact in Conditions.FactsOf(c!).Where(f => !OfferFacts.IsKnown(f, r.Subject)))
                {
                    errors.Add((path, $"unknown fact {fact}"));
                }
            }
        }

        return errors;
    }
}
