namespace OneCity.DataHub.Contracts;

// The catalogue's public views: the API answers with them and the host's pages read them through DataHubCatalogue.
// Enumerations travel as their names so clients and pages need no DataHub types.

/// <summary>Data quality of one dataset: freshness against its declared update frequency and completeness of required fields.</summary>
/// <param name="Freshness"><c>fresh</c>, <c>stale</c> or <c>n/a</c> (irregular updates).</param>
/// <param name="Completeness">Share (0..1) of records whose required fields are all non-empty; null when not computed (see the note).</param>
public sealed record DatasetQuality(string Freshness, double AgeDays, double? AllowedAgeDays, double? Completeness, long RecordsChecked, string? CompletenessNote);

public sealed record DatasetSummary(
    string Code, string TitleZh, string TitleEn, string OwnerDepartmentCode, string Theme, string Level, string SharingType,
    string OpenType, string Source, string UpdateFrequency, bool Spatial, bool Published, DateTimeOffset DataUpdatedAt,
    DatasetQuality Quality);

public sealed record DatasetFieldView(
    int Position, string Name, string TitleZh, string TitleEn, string Type, bool Required, string PersonalClass, string? MaskKind, string DescriptionZh);

public sealed record DatasetDetail(
    DatasetSummary Summary, string DescriptionZh, string DescriptionEn, string SourceSystem, string Keywords, string KeyField,
    string Licence, DateTimeOffset? PublishedAt, DateTimeOffset MetadataUpdatedAt, long RecordCount, IReadOnlyList<DatasetFieldView> Fields);

public sealed record CataloguePage(IReadOnlyList<DatasetSummary> Items, int Total, int Page, int PageSize);

/// <summary>Catalogue filters; all optional. Level/Sharing/Open take the enumeration names (e.g. <c>Important</c>, <c>ConditionalOpen</c>).</summary>
public sealed record CatalogueQuery(string? Department = null, string? Level = null, string? Sharing = null, string? Open = null, string? Text = null, string? Theme = null, int Page = 1, int PageSize = 20);

/// <summary>A steward's change of a dataset's classification; null leaves a value as it is.</summary>
public sealed record ClassificationChange(string? Level, string? SharingType, string? OpenType, string? Reason);

/// <summary>A steward's change of one field's classification; null leaves a value as it is.</summary>
public sealed record FieldClassificationChange(string? PersonalClass, bool? Required, string? MaskKind, string? Reason);

/// <summary>The outcome of a command: a value, or a status with a message and field errors.</summary>
public sealed record DataHubOutcome<T>(T? Value, int Status, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null, string? Title = null)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>How the current visitor may use an open dataset's records.</summary>
/// <param name="Access"><c>open</c>, <c>agreement-active</c>, <c>agreement-pending</c>, <c>agreement-required</c> or <c>sign-in-required</c>.</param>
public sealed record OpenDatasetView(DatasetDetail Detail, string Access, long? AgreementId, IReadOnlyList<IReadOnlyList<string?>>? Preview, string? PreviewError);

public sealed record AgreementView(
    long Id, string DatasetCode, string DatasetTitleZh, string DatasetTitleEn, string ApplicantUserName, string Purpose, string OrganisationCreditCode,
    string Status, DateTimeOffset AppliedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? DecisionNote, DateTimeOffset? ExpiresAt,
    int MonthlyRowQuota, int MonthlyCallQuota, string Terms, long RowsThisMonth, int CallsThisMonth);

public sealed record AgreementApplication(string? DatasetCode, string? Purpose, string? OrganisationCreditCode);

/// <summary>A steward's approval: terms of the authorised operation.</summary>
public sealed record AgreementApproval(DateTimeOffset? ExpiresAt, int? MonthlyRowQuota, int? MonthlyCallQuota, string? Terms);

public sealed record AgreementRejection(string? Reason);
