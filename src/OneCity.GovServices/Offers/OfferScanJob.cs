using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.DataHub.Contracts;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Offers;

/// <summary>
/// Runs the offer scan over the whole city once a day at <c>GovServices:Offers:ScanAt</c> (Shanghai time, default
/// 02:00, when the registries are quiet). Time comes from <see cref="TimeProvider"/>, so tests drive it with a fake
/// clock; they can also call <see cref="OfferScanner.ScanAsync"/> directly.
/// </summary>
internal sealed class OfferScanJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<OfferScanJob> logger) : BackgroundService
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public TimeOnly ScanAt => TimeOnly.TryParseExact(configuration["GovServices:Offers:ScanAt"], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
        ? t : new TimeOnly(2, 0);

    /// <summary>How long from <paramref name="now"/> until the next scan time.</summary>
    public static TimeSpan UntilNext(DateTimeOffset now, TimeOnly at)
    {
        var local = now.ToOffset(Shanghai);
        var next = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(at), Shanghai);
        if (next <= local)
        {
            next = next.AddDays(1);
        }

        return next - local;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(UntilNext(clock.GetUtcNow(), ScanAt), clock, stoppingToken);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<OfferScanner>().ScanAsync(CurrentUser.System, null, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next day's scan picks up whatever this one missed (offers are idempotent).
                    logger.LogWarning(e, "The scheduled offer scan failed{Detail}.", e is DataHubAccessDeniedException d ? ": " + d.Detail : "");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
