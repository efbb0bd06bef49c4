using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Portal.Messages;

/// <summary>The signed-in user's inbox (any signed-in user may have messages; citizens are the main audience).</summary>
public sealed class IndexModel(Notifier notifier) : PageModel
{
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public int Unread { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Items, Unread) = await notifier.InboxAsync(CurrentUser.From(User).UserId, 100, ct);
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        await notifier.MarkReadAsync(CurrentUser.From(User).UserId, id, ct);
        return RedirectToPage();
    }
}
