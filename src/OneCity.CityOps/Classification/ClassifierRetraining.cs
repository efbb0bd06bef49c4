using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;

namespace OneCity.CityOps.Classification;

/// <summary>
/// Retrains the classifier with the dispatchers' corrections while the process runs: after
/// <c>CityOps:RetrainAfterCorrections</c> new corrections (default 20) or, for fewer, at the next
/// <c>CityOps:RetrainMinutes</c> tick (default 10, on the injected <see cref="TimeProvider"/>). Training runs on this
/// background loop, never on a request; <see cref="ReportClassifier.Retrain"/> swaps the new model in with one reference
/// write, so intake keeps classifying with the previous model until then. A tick retrains only when the database holds a
/// correction newer than the model's (so corrections made on another instance count too).
/// </summary>
internal sealed class ClassifierRetraining(
    IServiceScopeFactory scopes, ReportClassifier classifier, TimeProvider clock, IConfiguration configuration, ILogger<ClassifierRetraining> logger) : BackgroundService
{
    /// <summary>The most corrections a training uses (the newest).</summary>
    public const int MaxCorrections = 10_000;

    private readonly SemaphoreSlim nudge = new(0, 1);
    private int sinceTraining;
    private long trainedUpTo = -1;

    private int Threshold => Math.Max(1, configuration.GetValue("CityOps:RetrainAfterCorrections", 20));

    private TimeSpan Period => TimeSpan.FromMinutes(Math.Max(0.1, configuration.GetValue("CityOps:RetrainMinutes", 10.0)));

    /// <summary>A dispatcher corrected a category; enough of them start a retraining now rather than at the next tick.</summary>
    public void Corrected()
    {
        if (Interlocked.Increment(ref sinceTraining) >= Threshold && nudge.CurrentCount == 0)
        {
            try
            {
                nudge.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged.
            }
        }
    }

    /// <summary>Trains (at start-up) with the newest corrections; later ticks retrain only when a newer one exists.</summary>
    public async Task TrainAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
        var corrections = await db.Set<ClassificationCorrection>().AsNoTracking().OrderByDescending(c => c.Id).Take(MaxCorrections)
            .Select(c => new { c.Id, c.Text, c.CorrectedCode }).ToListAsync(ct);
        var newest = corrections.Count > 0 ? corrections[0].Id : 0;
        if (newest <= Interlocked.Read(ref trainedUpTo))
        {
            return;
        }

        Interlocked.Exchange(ref sinceTraining, 0);
        if (corrections.Count == 0)
        {
            await classifier.WarmUpAsync(ct);
        }
        else
        {
            // One core for a second or two, off the request path; classification goes on with the current model meanwhile.
            await Task.Run(() => classifier.Retrain(corrections.Select(c => new LabelledText(c.Text, c.CorrectedCode))), ct);
            logger.LogInformation("Classifier retrained with {Count} corrections in {Ms} ms.", classifier.Corrections, (int)classifier.LastTrainingTime.TotalMilliseconds);
        }

        Interlocked.Exchange(ref trainedUpTo, newest);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var nudged = nudge.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(tick, nudged);
                if (tick.IsCompleted)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }

                if (nudged.IsCompleted)
                {
                    await nudged;
                    nudged = nudge.WaitAsync(stoppingToken);
                }

                await TrainAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next tick tries again: the corrections stay in the database.
                logger.LogWarning(e, "Retraining the classifier failed.");
            }
        }
    }
}
