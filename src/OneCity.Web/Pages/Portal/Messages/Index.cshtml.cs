using OneCity.Platform.Notifications;
using OneCity.Web.Pages.Shared;

namespace OneCity.Web.Pages.Portal.Messages;

/// <summary>A citizen's or company representative's inbox.</summary>
public sealed class IndexModel(Notifier notifier) : InboxPageModel(notifier);
