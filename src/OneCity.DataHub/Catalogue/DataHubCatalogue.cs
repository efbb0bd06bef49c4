using System.Security.Claims;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.OpenData;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Contracts;

/// <summary>
/// The catalogue and open-data portal as the host's pages use them. Each call applies the same authorisation rules as
/// the API (the pages' folder policies decide who reaches them; stewardship is checked here).
/// </summary>
public sealed class DataHubCatalogue
{
    private readonly CatalogueService catalogue;
    private readonly OpenDataService open;

    internal DataHubCatalogue(CatalogueService catalogue, OpenDataService open)
    {
        this.catalogue = catalogue;
        this.open = open;
    }

    public static bool IsSteward(ClaimsPrincipal user) => CatalogueService.IsSteward(CurrentUser.From(user));

    /// <summary>Staff view of the whole catalogue; invalid filters are ignored.</summary>
    public Task<CataloguePage> SearchAsync(CatalogueQuery query, CancellationToken ct) => catalogue.SearchAsync(Clamp(query), publishedOnly: false, ct);

    /// <summary>The open-data portal: published datasets only.</summary>
    public Task<CataloguePage> SearchOpenAsync(CatalogueQuery query, CancellationToken ct) => catalogue.SearchAsync(Clamp(query) with { Open = null, Level = null, Sharing = null }, publishedOnly: true, ct);

    public Task<IReadOnlyList<string>> ThemesAsync(bool publishedOnly, CancellationToken ct) => catalogue.ThemesAsync(publishedOnly, ct);

    public Task<IReadOnlyList<string>> DepartmentsAsync(bool publishedOnly, CancellationToken ct) => catalogue.DepartmentsAsync(publishedOnly, ct);

    public Task<DatasetDetail?> GetAsync(string code, CancellationToken ct) => catalogue.GetAsync(code, ct);

    public Task<DataHubOutcome<DatasetDetail>> ChangeClassificationAsync(ClaimsPrincipal user, string code, ClassificationChange change, CancellationToken ct) =>
        Steward(user, () => catalogue.ChangeClassificationAsync(CurrentUser.From(user), code, change, ct));

    public Task<DataHubOutcome<DatasetDetail>> ChangeFieldAsync(ClaimsPrincipal user, string code, string field, FieldClassificationChange change, CancellationToken ct) =>
        Steward(user, () => catalogue.ChangeFieldAsync(CurrentUser.From(user), code, field, change, ct));

    public Task<DataHubOutcome<DatasetDetail>> PublishAsync(ClaimsPrincipal user, string code, CancellationToken ct) =>
        Steward(user, () => catalogue.PublishAsync(CurrentUser.From(user), code, ct));

    public Task<DataHubOutcome<DatasetDetail>> UnpublishAsync(ClaimsPrincipal user, string code, CancellationToken ct) =>
        Steward(user, () => catalogue.UnpublishAsync(CurrentUser.From(user), code, ct));

    /// <summary>An open dataset's page; the preview is metered when it is served under an agreement.</summary>
    public Task<DataHubOutcome<OpenDatasetView>> OpenDatasetAsync(ClaimsPrincipal user, string code, CancellationToken ct) =>
        open.ViewAsync(CurrentUser.From(user), code, withPreview: true, ct);

    public Task<DataHubOutcome<AgreementView>> ApplyAsync(ClaimsPrincipal user, AgreementApplication application, CancellationToken ct) =>
        OpenDataService.IsApplicant(CurrentUser.From(user))
            ? open.ApplyAsync(CurrentUser.From(user), application, ct)
            : Task.FromResult(new DataHubOutcome<AgreementView>(null, 403, "Only citizen and company-representative accounts apply for agreements."));

    public Task<IReadOnlyList<AgreementView>> MyAgreementsAsync(ClaimsPrincipal user, CancellationToken ct) =>
        open.ListAsync(CurrentUser.From(user).UserId, null, ct);

    /// <summary>All agreements (stewards); <paramref name="pendingOnly"/> for the review queue.</summary>
    public async Task<IReadOnlyList<AgreementView>> AgreementsAsync(ClaimsPrincipal user, bool pendingOnly, CancellationToken ct) =>
        IsSteward(user) ? await open.ListAsync(null, pendingOnly ? AgreementStatus.Pending : null, ct) : [];

    public Task<DataHubOutcome<AgreementView>> ApproveAsync(ClaimsPrincipal user, long id, AgreementApproval approval, CancellationToken ct) =>
        Steward(user, () => open.DecideAsync(CurrentUser.From(user), id, approval, null, ct));

    public Task<DataHubOutcome<AgreementView>> RejectAsync(ClaimsPrincipal user, long id, AgreementRejection rejection, CancellationToken ct) =>
        Steward(user, () => open.DecideAsync(CurrentUser.From(user), id, null, rejection, ct));

    private static CatalogueQuery Clamp(CatalogueQuery q) => q with
    {
        Page = Math.Max(1, q.Page),
        PageSize = Math.Clamp(q.PageSize, 1, 100),
        Level = CatalogueService.Validate(q with { Sharing = null, Open = null, Text = null, Page = 1, PageSize = 20 }).Any ? null : q.Level,
        Sharing = CatalogueService.Validate(q with { Level = null, Open = null, Text = null, Page = 1, PageSize = 20 }).Any ? null : q.Sharing,
        Open = CatalogueService.Validate(q with { Level = null, Sharing = null, Text = null, Page = 1, PageSize = 20 }).Any ? null : q.Open,
        Text = q.Text?.Length > 100 ? q.Text[..100] : q.Text,
    };

    private static Task<DataHubOutcome<T>> Steward<T>(ClaimsPrincipal user, Func<Task<DataHubOutcome<T>>> action) =>
        IsSteward(user) ? action() : Task.FromResult(new DataHubOutcome<T>(default, 403, "Only data stewards and system administrators may do this."));
}
