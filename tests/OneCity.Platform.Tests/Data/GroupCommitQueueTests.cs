using OneCity.Platform.Data;

namespace OneCity.Platform.Tests.Data;

/// <summary>
/// The group-commit queue: a batch that fails is written again item by item, so one bad item fails only itself; after
/// the queue has stopped, an item is written alone.
/// </summary>
public sealed class GroupCommitQueueTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private sealed class Item(int value)
    {
        public int Value { get; } = value;

        public TaskCompletionSource<string> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Fact]
    public async Task AFailedBatchIsWrittenAgainItemByItemAndOnlyTheBadItemFails()
    {
        var batches = new List<int[]>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new GroupCommitQueue<Item>(16, 64,
            async batch =>
            {
                batches.Add([.. batch.Select(i => i.Value)]);
                await release.Task;
                if (batch.Any(i => i.Value < 0))
                {
                    throw new InvalidOperationException("a bad item");
                }

                foreach (var i in batch)
                {
                    i.Done.TrySetResult("batch");
                }
            },
            alone =>
            {
                if (alone.Value < 0)
                {
                    alone.Done.TrySetException(new InvalidOperationException("bad"));
                }
                else
                {
                    alone.Done.TrySetResult("alone");
                }

                return Task.CompletedTask;
            });

        // The first item holds the writer, so the next three queue up and form one batch with the bad one in it.
        var first = new Item(1);
        var waitFirst = queue.WriteAsync(first, first.Done.Task, CancellationToken.None);
        while (batches.Count == 0)
        {
            await Task.Delay(10);
        }

        var items = new[] { new Item(2), new Item(-3), new Item(4) };
        var waits = items.Select(i => queue.WriteAsync(i, i.Done.Task, CancellationToken.None)).ToArray();
        while (queue.Queued < 3)
        {
            await Task.Delay(10);
        }

        release.SetResult();
        Assert.Equal("batch", await waitFirst.WaitAsync(Prompt));
        Assert.Equal("alone", await waits[0].WaitAsync(Prompt));
        await Assert.ThrowsAsync<InvalidOperationException>(() => waits[1].WaitAsync(Prompt));
        Assert.Equal("alone", await waits[2].WaitAsync(Prompt));
        Assert.Equal([[1], [2, -3, 4]], batches);
        await queue.StopAsync();
    }

    [Fact]
    public async Task AfterStoppingAnItemIsWrittenAlone()
    {
        var queue = new GroupCommitQueue<Item>(16, 64,
            batch => throw new InvalidOperationException("the writer loop must not run after stopping"),
            alone =>
            {
                alone.Done.TrySetResult("alone");
                return Task.CompletedTask;
            });
        await queue.StopAsync();
        var item = new Item(7);
        Assert.Equal("alone", await queue.WriteAsync(item, item.Done.Task, CancellationToken.None).WaitAsync(Prompt));
    }

    [Fact]
    public async Task WithoutAWayToWriteAloneTheBatchWriterAnswersForItsItems()
    {
        var queue = new GroupCommitQueue<Item>(16, 64, batch => throw new InvalidOperationException("unused"));
        var item = new Item(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.WriteAsync(item, item.Done.Task, CancellationToken.None));
        await queue.StopAsync();
    }
}
