using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;

namespace OneCity.Web.Pages.Shared;

/// <summary>The signed-in user's in-app messages, shown by the portal (citizens, companies) and the workbench (staff).</summary>
public abstract class InboxPageModel(Notifier notifier) : PageModel
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
