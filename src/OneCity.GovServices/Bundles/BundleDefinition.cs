using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneCity.GovServices.Bundles;

/// <summary>CPSV-AP's two kinds of event a bundle (一件事) answers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BundleEventKind>))]
internal enum BundleEventKind
{
    LifeEvent = 1,
    BusinessEvent = 2,
}

/// <summary>Who applies: a person (for themselves or their family) or a company (through its legal representative).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApplicantKind>))]
internal enum ApplicantKind
{
    Person = 1,
    Company = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<FieldType>))]
internal enum FieldType
{
    Text = 1,
    Number = 2,
    Date = 3,
    Boolean = 4,
    Choice = 5,

    /// <summary>A resident identity number (GB 11643, check digit verified).</summary>
    IdNumber = 6,

    /// <summary>A mainland mobile number.</summary>
    Mobile = 7,

    /// <summary>A unified social credit code (GB 32100, check character verified).</summary>
    CreditCode = 8,
}

internal enum ConditionOp
{
    [JsonStringEnumMemberName("eq")] Eq = 1,
    [JsonStringEnumMemberName("ne")] Ne = 2,
    [JsonStringEnumMemberName("gt")] Gt = 3,
    [JsonStringEnumMemberName("gte")] Gte = 4,
    [JsonStringEnumMemberName("lt")] Lt = 5,
    [JsonStringEnumMemberName("lte")] Lte = 6,
    [JsonStringEnumMemberName("in")] In = 7,
    [JsonStringEnumMemberName("startsWith")] StartsWith = 8,
    [JsonStringEnumMemberName("exists")] Exists = 9,
    [JsonStringEnumMemberName("missing")] Missing = 10,
}

/// <summary>
/// A rule over facts, written as data: a leaf <c>{"fact":"answers.hasInsurance","op":"eq","value":true}</c>, or
/// <c>{"all":[…]}</c>, <c>{"any":[…]}</c>, <c>{"not":{…}}</c>. Facts are <c>answers.&lt;field&gt;</c> (the unified
/// form), <c>applicant.&lt;field&gt;</c> (the applicant's population record through DataHub, plus <c>applicant.age</c>),
/// <c>entity.&lt;field&gt;</c> (the company's legal-entity record) and <c>licences.&lt;type&gt;</c> (true when the
/// applicant holds a current e-licence of that type).
/// </summary>
internal sealed record Condition(
    string? Fact = null,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ConditionOp>))] ConditionOp? Op = null,
    JsonElement? Value = null,
    IReadOnlyList<Condition>? All = null,
    IReadOnlyList<Condition>? Any = null,
    Condition? Not = null);

internal sealed record FieldOption(string Value, string LabelZh, string LabelEn);

/// <summary>Pre-fill from a registry through a DataHub grant: <c>Subject</c> is <c>applicant</c> or <c>entity</c>.</summary>
internal sealed record Prefill(string Dataset, string Field, string Subject = "applicant");

/// <summary>
/// One field of the unified form. <see cref="Services"/> lists the services that need it (the form asks once).
/// <see cref="ShowWhen"/> hides the field (and waives <see cref="Required"/>) when false.
/// </summary>
internal sealed record FormField(
    string Key,
    string LabelZh,
    string LabelEn,
    FieldType Type,
    bool Required,
    IReadOnlyList<string> Services,
    IReadOnlyList<FieldOption>? Options = null,
    Prefill? Prefill = null,
    int? MaxLength = null,
    decimal? Min = null,
    decimal? Max = null,
    Condition? ShowWhen = null,
    string? HelpZh = null,
    string? HelpEn = null);

/// <summary>An eligibility rule: the applicant is eligible when every rule's <see cref="When"/> holds.</summary>
internal sealed record EligibilityRule(string Code, Condition When, string PassZh, string PassEn, string FailZh, string FailEn);

/// <summary>
/// One step of the bundle's graph: a service handled by a department. Steps without <see cref="DependsOn"/> start at
/// submission and run in parallel. <see cref="IncludeWhen"/> makes the step conditional, with the reason shown.
/// </summary>
internal sealed record BundleStep(
    string Id,
    string Service,
    IReadOnlyList<string>? DependsOn = null,
    Condition? IncludeWhen = null,
    string? IncludeReasonZh = null,
    string? IncludeReasonEn = null);

/// <summary>
/// A bundle (一件事) as data: loaded from <c>DemoData/bundles/*.json</c> at start-up and editable by administrators,
/// who publish new versions. Applications keep the version they were submitted under.
/// </summary>
internal sealed record BundleDefinition(
    string Code,
    string NameZh,
    string NameEn,
    BundleEventKind EventKind,
    ApplicantKind Applicant,
    string DescriptionZh,
    string DescriptionEn,
    IReadOnlyList<FormField> Fields,
    IReadOnlyList<EligibilityRule> Eligibility,
    IReadOnlyList<BundleStep> Steps);
