using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneCity.Platform.Data;

namespace OneCity.Platform.Geography;

internal static class GeographyRegistration
{
    // The shipped city geography is deterministic and its snapshot immutable, so a process that starts several
    // hosts (the test suite) synthesises it once. Entities are created afresh for every database.
    private static readonly Lazy<(List<AreaShape> Areas, GeographySnapshot Snapshot)> ShippedCity = new(() =>
    {
        var areas = GeographyStore.DemoAreas();
        return (areas, GeographySnapshot.Build(areas, null, GeographySnapshot.DefaultGriddedDistricts));
    });

    public static IServiceCollection AddGeography(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AreaLocator>();
        services.AddScoped<BoundaryUpload>();
        return services;
    }

    public static IEndpointRouteBuilder MapGeographyApi(this IEndpointRouteBuilder app)
    {
        GeographyEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Imports the city's districts (real boundaries), subdistricts and neighbourhoods (real codes and names, synthetic
    /// boundaries) and unit grids, once, in every mode; an administrator may replace any level later.
    /// </summary>
    public static async Task LoadCityAsync(PlatformDbContext db, IServiceProvider services, CancellationToken ct)
    {
        if (await db.Set<GeoArea>().AnyAsync(ct))
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        var (areas, snapshot) = ShippedCity.Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // All or nothing: a half-imported geography would be skipped by the "already loaded" check above.
        await using (var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            await GeographyStore.InsertAsync(db, areas.Select(a => GeographyStore.ToEntity(a, now)), snapshot.Grids.Select(g => new GeoGrid
            {
                Id = g.Id, Row = g.Row, Col = g.Col, NeighbourhoodCode = g.NeighbourhoodCode, SubdistrictCode = g.SubdistrictCode, DistrictCode = g.DistrictCode,
            }), ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }

        services.GetRequiredService<AreaLocator>().Replace(snapshot);
        services.GetService<ILoggerFactory>()?.CreateLogger("OneCity.Geography").LogInformation(
            "City geography: {Areas} areas, {Grids} unit grids in {Elapsed}.", areas.Count, snapshot.Grids.Count, TimeProvider.System.GetElapsedTime(started));
    }

    /// <summary>Builds the in-memory spatial index from the database; called at every start.</summary>
    public static async Task WarmUpAsync(IServiceProvider services, CancellationToken ct)
    {
        var locator = services.GetRequiredService<AreaLocator>();
        if (locator.Snapshot != GeographySnapshot.Empty)
        {
            // The city import in this very start-up already built it from what it stored.
            return;
        }

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        locator.Replace(await GeographyStore.LoadAsync(db, ct));
    }
}
