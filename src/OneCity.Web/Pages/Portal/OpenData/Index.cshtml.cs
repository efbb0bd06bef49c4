using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.DataHub.Contracts;

namespace OneCity.Web.Pages.Portal.OpenData;

/// <summary>An applicant's authorised-operation agreements for conditional-open data, and the application form.</summary>
public sealed class IndexModel(DataHubCatalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Dataset { get; set; }

    public IReadOnlyList<AgreementView> Agreements { get; private set; } = [];

    public IReadOnlyList<DatasetSummary> ConditionalDatasets { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Error { get; private set; }

    public bool Applied { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostAsync(string? purpose, string? organisationCreditCode, CancellationToken ct)
    {
        var outcome = await catalogue.ApplyAsync(User, new AgreementApplication(Dataset, purpose, organisationCreditCode), ct);
        if (outcome.Ok)
        {
            Applied = true;
        }
        else
        {
            Error = outcome.Detail;
            Errors = outcome.Errors ?? new Dictionary<string, string[]>();
            Response.StatusCode = outcome.Status;
        }

        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agreements = await catalogue.MyAgreementsAsync(User, ct);
        ConditionalDatasets = (await catalogue.SearchOpenAsync(new CatalogueQuery(PageSize: 100), ct)).Items.Where(d => d.OpenType == "ConditionalOpen").ToList();
    }
}
