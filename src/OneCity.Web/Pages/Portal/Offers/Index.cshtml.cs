using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Offers;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.Offers;

/// <summary>免申即享: benefits the registries show the citizen qualifies for, with the reason; confirm, decline or object.</summary>
public sealed class IndexModel : PageModel
{
    // OfferService is internal to GovServices (visible to the host that renders its pages).
    private OfferService Offers => HttpContext.RequestServices.GetRequiredService<OfferService>();

    internal IReadOnlyList<OfferView> Items { get; private set; } = [];

    /// <summary>Field → rule of the last decision that was refused, with the offer it was about.</summary>
    public Dictionary<string, string[]> Errors { get; } = [];

    public long? ErrorOffer { get; private set; }

    public string? ErrorAction { get; private set; }

    public string? Problem { get; private set; }

    public string? Done { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "confirm" or "decline" or "object" ? done : null;
        Items = await Offers.MineAsync(CurrentUser.From(User), ct);
    }

    public Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken ct) => DecideAsync(id, "confirm", null, ct);

    public Task<IActionResult> OnPostDeclineAsync(long id, string? text, CancellationToken ct) => DecideAsync(id, "decline", text, ct);

    public Task<IActionResult> OnPostObjectAsync(long id, string? text, CancellationToken ct) => DecideAsync(id, "object", text, ct);

    private async Task<IActionResult> DecideAsync(long id, string action, string? text, CancellationToken ct)
    {
        var (_, refusal) = await Offers.DecideAsync(CurrentUser.From(User), id, action, new DecisionInput(text), ct);
        if (refusal is null)
        {
            return RedirectToPage(null, null, new { done = action }, "offer-" + id.ToString(CultureInfo.InvariantCulture));
        }

        ErrorOffer = id;
        ErrorAction = action;
        if (refusal.Errors is not null)
        {
            foreach (var (k, v) in refusal.Errors)
            {
                Errors[k] = v;
            }
        }
        else
        {
            Problem = refusal.Detail;
        }

        Response.StatusCode = refusal.Status;
        Items = await Offers.MineAsync(CurrentUser.From(User), ct);
        return Page();
    }
}
