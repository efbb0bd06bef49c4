using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OneCity.Platform.Notifications;

internal static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app) => app;
}
