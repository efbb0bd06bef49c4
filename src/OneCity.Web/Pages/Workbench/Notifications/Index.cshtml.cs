using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Platform.Hosting;

namespace OneCity.Web.Pages.Workbench.Notifications;

/// <summary>The notification outbox for administrators: what is waiting, delivered or parked as failed, and a retry.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(Notifier notifier) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = "failed";

    public IReadOnlyList<OutboxItem> Items { get; private set; } = [];

    public bool Retried { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool retried, CancellationToken ct)
    {
        Retried = retried;
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        if (await notifier.RetryAsync(CurrentUser.From(User), id, ct))
        {
            return RedirectToPage(new { status = Status, retried = true });
        }

        Response.StatusCode = StatusCodes.Status404NotFound;
        Error = "该消息不存在或不是发送失败状态。";
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        OutboxStatus? filter = null;
        if (!string.IsNullOrEmpty(Status) && Status != "all")
        {
            if (!EnumNames.TryParse<OutboxStatus>(Status, out var s))
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                Error = "状态应为 pending、delivered、failed 或 all。";
                return Page();
            }

            filter = s;
        }

        Items = await notifier.OutboxAsync(filter, 200, ct);
        return Page();
    }
}
