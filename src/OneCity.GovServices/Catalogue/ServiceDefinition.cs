using System.Text.Json.Serialization;

namespace OneCity.GovServices.Catalogue;

/// <summary>What kind of government service (事项类型) an item is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceKind>))]
internal enum ServiceKind
{
    /// <summary>行政许可</summary>
    Licence = 1,

    /// <summary>登记 (registration of a fact or status, e.g. hukou, company)</summary>
    Registration = 2,

    /// <summary>行政确认</summary>
    Confirmation = 3,

    /// <summary>行政给付 (a benefit paid or granted)</summary>
    Benefit = 4,

    /// <summary>行政备案</summary>
    Filing = 5,

    /// <summary>公共服务</summary>
    PublicService = 6,
}

/// <summary>Where a material comes from (两个免于提交: issued by government or obtainable by sharing → exempt).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MaterialSource>))]
internal enum MaterialSource
{
    /// <summary>The applicant uploads it (PDF, JPEG or PNG).</summary>
    Upload = 1,

    /// <summary>An e-licence of <see cref="MaterialDefinition.ELicenceType"/>; exempt when the applicant holds a current one.</summary>
    ELicence = 2,

    /// <summary>A registry record obtained through a DataHub grant (<see cref="MaterialDefinition.Dataset"/>); always exempt.</summary>
    Registry = 3,

    /// <summary>A signed commitment (告知承诺) replaces the proof.</summary>
    Commitment = 4,
}

/// <summary>Which level's department handles a step: the city department or the applicant's district counterpart.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HandlingLevel>))]
internal enum HandlingLevel
{
    City = 1,
    District = 2,
}

/// <summary>
/// One material a service requires. <see cref="Code"/> is unique across the catalogue when the same document serves
/// several services (e.g. <c>applicant-id</c>), so a bundle asks for it once.
/// </summary>
internal sealed record MaterialDefinition(
    string Code,
    string NameZh,
    string NameEn,
    MaterialSource Source,
    string? ELicenceType = null,
    string? Dataset = null,
    string? CommitmentZh = null,
    string? CommitmentEn = null,
    bool Required = true);

/// <summary>
/// A service (事项) as published in the catalogue. Time limits are in working days. <see cref="Trips"/> is how many
/// visits to a counter applying for it on its own takes (used for bundle metrics). <see cref="Output"/> is the
/// e-licence type issued when the service completes, if any.
/// </summary>
internal sealed record ServiceDefinition(
    string Code,
    string NameZh,
    string NameEn,
    string DepartmentLine,
    HandlingLevel Level,
    ServiceKind Kind,
    string LegalBasis,
    string ConditionsZh,
    string ConditionsEn,
    IReadOnlyList<MaterialDefinition> Materials,
    int StatutoryDays,
    int PromisedDays,
    decimal Fee,
    string? FeeNoteZh,
    IReadOnlyList<string> Channels,
    string? Output,
    int Trips = 1);
