using OneCity.Platform.Notifications;
using OneCity.Web.Pages.Shared;

namespace OneCity.Web.Pages.Workbench.Messages;

/// <summary>A staff member's inbox: offers to confirm, rectification orders, data-use objections and the like.</summary>
public sealed class IndexModel(Notifier notifier) : InboxPageModel(notifier);
