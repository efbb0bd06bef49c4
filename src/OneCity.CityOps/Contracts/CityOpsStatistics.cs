using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Performance;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Contracts;

/// <summary>One district's operational figures: open and overdue incidents now, on-time closure over the period.</summary>
public sealed record DistrictOperations(string DistrictCode, int Open, int Overdue, int Closed, double? CloseOnTimeRate);

/// <summary>
/// Statistics other modules read in-process (the city's vital signs): the same figures as <c>GET /api/cityops/kpi</c>
/// for the whole city, broken down by district. No personal data.
/// </summary>
public sealed class CityOpsStatistics
{
    private readonly IServiceScopeFactory scopes;

    internal CityOpsStatistics(IServiceScopeFactory scopes) => this.scopes = scopes;

    /// <summary>Every district with incidents open now or closed in the period (Shanghai dates, inclusive).</summary>
    public async Task<IReadOnlyList<DistrictOperations>> ByDistrictAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var view = await scope.ServiceProvider.GetRequiredService<KpiQueries>().GetAsync(AreaCodes.City, from, to, ct);
        return view.Children.Select(c => new DistrictOperations(c.Code, c.Open, c.Overdue, c.Figures.Closed, c.Figures.CloseOnTimeRate)).ToList();
    }
}
