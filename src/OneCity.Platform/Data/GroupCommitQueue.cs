using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OneCity.Platform.Data;

/// <summary>
/// The queue behind a group commit: callers enqueue work, and one writer loop — started by the first caller, outside
/// that caller's execution context — takes everything queued (at most <c>maxBatch</c>) and hands it to
/// <c>writeBatch</c>, which writes it in one transaction and completes each item's caller itself.
/// With <c>writeAlone</c>, a batch that throws is written again item by item (each in a transaction of its own, so one
/// bad item fails only itself), and <see cref="WriteAsync{TResult}"/> writes alone once the queue has stopped; without
/// it, <c>writeBatch</c> must answer every caller itself, failures included.
/// <see cref="StopAsync"/> closes the queue and waits until everything in it has been written; after that
/// <see cref="TryEnqueueAsync"/> answers false and the caller writes its item alone.
/// Used by the audit ledger, CityOps intake and GovServices submissions.
/// </summary>
public sealed class GroupCommitQueue<T>(
    int maxBatch, int capacity, Func<IReadOnlyList<T>, Task> writeBatch, Func<T, Task>? writeAlone = null, ILogger? logger = null)
{
    private readonly Channel<T> queue = Channel.CreateBounded<T>(
        new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Lock state = new();
    private Task? writer;
    private bool stopped;

    /// <summary>Items queued and not yet taken by the writer.</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>Queues the item (waiting while the queue is full); false when the queue has stopped.</summary>
    public async ValueTask<bool> TryEnqueueAsync(T item, CancellationToken ct)
    {
        if (!TryStartWriter())
        {
            return false;
        }

        try
        {
            await queue.Writer.WriteAsync(item, ct);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Queues the item and waits for <paramref name="done"/>, which the batch writer completes after its commit. When the
    /// queue has stopped (the host is shutting down), the item is written alone. Cancelling before the item is queued
    /// stores nothing; once queued, it is written and only the wait ends.
    /// </summary>
    public async Task<TResult> WriteAsync<TResult>(T item, Task<TResult> done, CancellationToken ct)
    {
        var alone = writeAlone ?? throw new InvalidOperationException("This queue has no way to write an item alone.");
        ct.ThrowIfCancellationRequested();
        if (await TryEnqueueAsync(item, ct))
        {
            return await done.WaitAsync(ct);
        }

        await alone(item);
        return await done;
    }

    /// <summary>Stops taking new items and waits until every queued item has been written.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        Task? loop;
        lock (state)
        {
            stopped = true;
            loop = writer;
        }

        queue.Writer.TryComplete();
        if (loop is not null)
        {
            await loop.WaitAsync(ct);
        }
    }

    private bool TryStartWriter()
    {
        lock (state)
        {
            if (stopped)
            {
                return false;
            }

            if (writer is null)
            {
                // The loop outlives the request that happens to start it: it must not carry that request's context along.
                using (ExecutionContext.SuppressFlow())
                {
                    writer = Task.Run(RunAsync);
                }
            }

            return true;
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<T>(maxBatch);
        // Ends when StopAsync has completed the queue and everything in it has been written.
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < maxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            // The items' callers are completed by the writers; the batch list is reused afterwards.
            await WriteBatchOrEachAloneAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteBatchOrEachAloneAsync(List<T> batch)
    {
        if (writeAlone is null)
        {
            await writeBatch(batch);
            return;
        }

        try
        {
            await writeBatch(batch);
        }
        catch (Exception e)
        {
            logger?.LogWarning(e, "A group commit of {Count} items failed; writing each item alone.", batch.Count);
            foreach (var item in batch)
            {
                await writeAlone(item);
            }
        }
    }
}
