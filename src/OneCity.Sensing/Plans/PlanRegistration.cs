using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Sensing.Plans;

// In the module's namespace so that SensingModule registers the capability with one line each and no using.
namespace OneCity.Sensing;

/// <summary>Registration of the emergency-plans capability (<c>Plans/</c>).</summary>
internal static class PlanRegistration
{
    public static IServiceCollection AddPlans(this IServiceCollection services)
    {
        services.AddSingleton<PlanCatalogue>();
        services.AddScoped<EmergencyPlans>();
        return services;
    }

    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app) => PlanEndpoints.MapPlanApi(app);
}
