using System.Globalization;
using System.Text.Json;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using OneCity.Platform.Calendar;
using OneCity.Platform.PersonalData;

namespace OneCity.GovServices.Applications;

internal sealed record EligibilityResult(string Code, bool Passed, string ExplanationZh, string ExplanationEn);

internal sealed record StepInclusion(string StepId, string ServiceCode, bool Included, string? ReasonZh, string? ReasonEn);

/// <summary>How one material will be satisfied: exempt (with the e-licence or dataset), by commitment, or by upload.</summary>
internal sealed record MaterialPlan(MaterialDefinition Material, IReadOnlyList<string> Services, MaterialDisposition Disposition, string? LicenceId);

/// <summary>Everything the rules say about an application before it is submitted.</summary>
internal sealed record Assessment(
    IReadOnlyList<EligibilityResult> Eligibility,
    bool Eligible,
    IReadOnlySet<string> VisibleFields,
    IReadOnlyList<StepInclusion> Steps,
    IReadOnlyList<MaterialPlan> Materials,
    BundlePlan Plan,
    IReadOnlyDictionary<string, object?> Answers);

/// <summary>
/// The rules of a bundle applied to one applicant: eligibility with explanations, which fields and steps apply,
/// which materials are exempt (两个免于提交), which need a commitment and which an upload, and the step plan with
/// its promised completion date. Pure: the registry record comes in, nothing is read or written.
/// </summary>
internal static class Assessor
{
    public static Assessment Assess(BundleDefinition bundle, CatalogueSnapshot catalogue, ApplicantRecord applicant,
        IReadOnlyDictionary<string, object?> answers, DateOnly today, WorkingCalendar calendar)
    {
        var facts = applicant.ToFacts(today);
        foreach (var (k, v) in answers)
        {
            facts["answers." + k] = v;
        }

        var eligibility = bundle.Eligibility.Select(r => Conditions.Evaluate(r.When, facts)
            ? new EligibilityResult(r.Code, true, r.PassZh, r.PassEn)
            : new EligibilityResult(r.Code, false, r.FailZh, r.FailEn)).ToList();
        var visible = bundle.Fields.Where(f => f.ShowWhen is null || Conditions.Evaluate(f.ShowWhen, facts)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var steps = bundle.Steps.Select(s => s.IncludeWhen is null
            ? new StepInclusion(s.Id, s.Service, true, null, null)
            : new StepInclusion(s.Id, s.Service, Conditions.Evaluate(s.IncludeWhen, facts), s.IncludeReasonZh, s.IncludeReasonEn)).ToList();
        var included = steps.Where(s => s.Included).Select(s => s.StepId).ToHashSet(StringComparer.Ordinal);
        var plan = BundleGraph.Plan(bundle, catalogue.Services, included, today, calendar);

        var held = applicant.Licences.GroupBy(l => l.Type).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var materials = new List<MaterialPlan>();
        var earlier = EarlierSteps(plan);
        foreach (var group in plan.Steps.SelectMany(p => p.Service.Materials.Select(m => (m, Step: p))).GroupBy(x => x.m.Code, StringComparer.Ordinal))
        {
            // The same document may be optional for one service and required by another: then it is required.
            var m = group.First().m with { Required = group.Any(x => x.m.Required) };
            var services = group.Select(x => x.Step.Service.Code).Distinct(StringComparer.Ordinal).ToList();
            var (disposition, licence) = m.Source switch
            {
                MaterialSource.Registry => (MaterialDisposition.ExemptRegistry, null),
                MaterialSource.ELicence when m.ELicenceType is { } t && held.TryGetValue(t, out var id) => (MaterialDisposition.ExemptLicence, id),
                MaterialSource.Commitment => (MaterialDisposition.Commitment, null),
                _ => (MaterialDisposition.Uploaded, (string?)null),
            };

            // An e-licence that a step this one waits for (directly or through others) produces is exempt too: it will
            // exist when needed. Every step needing it must wait for such a producer; a step never exempts itself.
            if (disposition == MaterialDisposition.Uploaded && m.Source == MaterialSource.ELicence && m.ELicenceType is { } produced
                && group.All(x => earlier[x.Step.Step.Id].Any(p => p.Service.Output == produced)))
            {
                disposition = MaterialDisposition.ExemptLicence;
            }

            materials.Add(new MaterialPlan(m, services, disposition, licence));
        }

        return new Assessment(eligibility, eligibility.All(e => e.Passed), visible, steps, materials, plan, answers);
    }

    /// <summary>For each planned step, the steps it waits for, directly or through other steps.</summary>
    internal static Dictionary<string, List<PlannedStep>> EarlierSteps(BundlePlan plan)
    {
        var byId = plan.Steps.ToDictionary(p => p.Step.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, List<PlannedStep>>(StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(step.DependsOn);
            var found = new List<PlannedStep>();
            while (pending.TryPop(out var id))
            {
                if (seen.Add(id) && byId.TryGetValue(id, out var dep))
                {
                    found.Add(dep);
                    foreach (var next in dep.DependsOn)
                    {
                        pending.Push(next);
                    }
                }
            }

            result[step.Step.Id] = found;
        }

        return result;
    }

    /// <summary>
    /// Parses and validates the answers of the visible fields; errors are keyed <c>answers.&lt;field&gt;</c>.
    /// Values come back typed (string, decimal, bool, DateOnly).
    /// </summary>
    public static Dictionary<string, object?> ParseAnswers(BundleDefinition bundle, IReadOnlyDictionary<string, JsonElement>? raw, Platform.Hosting.FieldErrors errors)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        raw ??= new Dictionary<string, JsonElement>();
        foreach (var key in raw.Keys.Where(k => bundle.Fields.All(f => f.Key != k)))
        {
            errors.Add("answers." + key, "not a field of this bundle");
        }

        foreach (var f in bundle.Fields)
        {
            if (!raw.TryGetValue(f.Key, out var v) || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || v is { ValueKind: JsonValueKind.String } && string.IsNullOrWhiteSpace(v.GetString()))
            {
                result[f.Key] = null;
                continue;
            }

            var (value, rule) = Parse(f, v);
            if (rule is not null)
            {
                errors.Add("answers." + f.Key, rule);
            }
            else
            {
                result[f.Key] = value;
            }
        }

        return result;
    }

    /// <summary>The rule a correction's reason breaks (a changed pre-filled value needs one, at most 200 characters), or null.</summary>
    public static string? CorrectionRule(string? reason) => reason?.Trim() switch
    {
        null or "" => "a reason is required when changing a pre-filled value",
        { Length: > 200 } => "at most 200 characters",
        _ => null,
    };

    /// <summary>Required visible fields that have no answer.</summary>
    public static void RequireVisible(BundleDefinition bundle, Assessment a, Platform.Hosting.FieldErrors errors)
    {
        foreach (var f in bundle.Fields.Where(f => f.Required && a.VisibleFields.Contains(f.Key) && a.Answers.GetValueOrDefault(f.Key) is null))
        {
            errors.Add("answers." + f.Key, "required");
        }
    }

    private static (object? Value, string? Rule) Parse(FormField f, JsonElement v)
    {
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
        switch (f.Type)
        {
            case FieldType.Boolean:
                return v.ValueKind switch
                {
                    JsonValueKind.True => (true, null),
                    JsonValueKind.False => (false, null),
                    _ when text is "true" or "false" => (text == "true", null),
                    _ => (null, "true or false"),
                };
            case FieldType.Number:
                decimal n;
                if (v.ValueKind == JsonValueKind.Number)
                {
                    n = v.GetDecimal();
                }
                else if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out n))
                {
                    return (null, "a number");
                }

                if (f.Min is { } min && n < min || f.Max is { } max && n > max)
                {
                    return (null, $"between {f.Min} and {f.Max}");
                }

                return (n, null);
            case FieldType.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? (d, null) : (null, "a date yyyy-MM-dd");
            case FieldType.Choice:
                return f.Options!.Any(o => o.Value == text) ? (text, null) : (null, "one of " + string.Join(", ", f.Options!.Select(o => o.Value)));
            case FieldType.IdNumber:
                return text is not null && ResidentIdNumber.IsValid(text) ? (ResidentIdNumber.Normalise(text), null) : (null, "a valid resident identity number (GB 11643)");
            case FieldType.Mobile:
                return MobileNumber.Normalise(text) is { } mobile ? (mobile, null) : (null, "a mainland mobile number");
            case FieldType.CreditCode:
                return text is not null && SocialCreditCode.IsValid(text.ToUpperInvariant()) ? (text.ToUpperInvariant(), null) : (null, "a valid unified social credit code (GB 32100)");
            default:
                if (text is null)
                {
                    return (null, "text");
                }

                var maxLength = f.MaxLength ?? 200;
                return text.Length > maxLength ? (null, $"at most {maxLength} characters") : (text, null);
        }
    }
}
