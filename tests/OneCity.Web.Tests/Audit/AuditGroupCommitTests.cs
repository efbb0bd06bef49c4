using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Audit;

/// <summary>
/// The ledger's group commit in the running application, on both databases: many requests' appends share commits and
/// still form one chain, also when an append in a caller's transaction lands in between. Each test owns its app, so the
/// sequence numbers it sees are its own.
/// </summary>
public sealed class AuditGroupCommitTests
{
    private static readonly CurrentUser Clerk = new("u1", "clerk", "clerk", [Roles.CounterClerk], "310101-XZFW", "310101", null);

    private static OneCityFactory NewApp(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
        }

        return new OneCityFactory(db, demo: false);
    }

    private static string Id(int i) => "P" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>One append as a request makes it: its own scope, its own DbContext, no transaction.</summary>
    private static Task<long> AppendInOwnScopeAsync(OneCityFactory app, int i) => Task.Run(async () =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditLedger>()
            .AppendAsync(Clerk, new AuditRecord("test.grouped", "person", Id(i), Purpose: "test", Subjects: [Id(i)]));
    });

    private static async Task<T> WithLedgerAsync<T>(OneCityFactory app, Func<AuditLedger, Task<T>> use)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<AuditLedger>());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TwoHundredConcurrentAppendsGetConsecutiveNumbersAndTheChainVerifies(Db db)
    {
        await using var app = NewApp(db);
        var before = await WithLedgerAsync(app, l => l.VerifyAsync());
        Assert.True(before.Ok, before.Reason);

        var seqs = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => AppendInOwnScopeAsync(app, i)));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => before.Entries + i), seqs.Order());
        var page = await WithLedgerAsync(app, l => l.SearchAsync(new AuditSearch(Action: "test.grouped", PageSize: 200)));
        var bySeq = page.Items.ToDictionary(e => e.Seq);
        for (var i = 0; i < 200; i++)
        {
            // Every caller was answered with the number of its own entry.
            Assert.Equal(Id(i), bySeq[seqs[i]].ObjectId);
            Assert.Equal([Id(i)], bySeq[seqs[i]].Subjects);
        }

        var after = await WithLedgerAsync(app, l => l.VerifyAsync());
        Assert.True(after.Ok, after.Reason);
        Assert.Equal(before.Entries + 200, after.Entries);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AJoinedAppendBetweenGroupedAppendsKeepsOneChain(Db db)
    {
        await using var app = NewApp(db);
        var before = (await WithLedgerAsync(app, l => l.VerifyAsync())).Entries;
        var ct = TestContext.Current.CancellationToken;
        var grouped = new List<Task<long>>();
        long joinedSeq;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var ledger = scope.ServiceProvider.GetRequiredService<AuditLedger>();

            // A business change and its entry commit together while other requests keep appending.
            await using (var tx = await context.Database.BeginTransactionAsync(ct))
            {
                grouped.AddRange(Enumerable.Range(0, 40).Select(i => AppendInOwnScopeAsync(app, i)));
                context.Add(new PlatformSetting { Key = "test.joined", Value = "committed", UpdatedAt = DateTimeOffset.UtcNow });
                await context.SaveChangesAsync(ct);
                joinedSeq = await ledger.AppendAsync(CurrentUser.System, new AuditRecord("test.joined", "platform-setting", "test.joined"), ct);
                grouped.AddRange(Enumerable.Range(40, 40).Select(i => AppendInOwnScopeAsync(app, i)));
                await tx.CommitAsync(ct);
            }

            // One that rolls back leaves no trace and no gap.
            await using (var tx = await context.Database.BeginTransactionAsync(ct))
            {
                await ledger.AppendAsync(CurrentUser.System, new AuditRecord("test.rolled-back", "platform-setting", "test.rolled-back"), ct);
                grouped.AddRange(Enumerable.Range(80, 40).Select(i => AppendInOwnScopeAsync(app, i)));
                await tx.RollbackAsync(ct);
            }
        }

        var seqs = await Task.WhenAll(grouped);
        Assert.Equal(Enumerable.Range(1, 121).Select(i => before + i), seqs.Append(joinedSeq).Order());
        var verification = await WithLedgerAsync(app, l => l.VerifyAsync());
        Assert.True(verification.Ok, verification.Reason);
        Assert.Equal(before + 121, verification.Entries);
        var joined = await WithLedgerAsync(app, l => l.SearchAsync(new AuditSearch(Action: "test.joined")));
        Assert.Equal(joinedSeq, Assert.Single(joined.Items).Seq);
        Assert.Equal(0, (await WithLedgerAsync(app, l => l.SearchAsync(new AuditSearch(Action: "test.rolled-back")))).Total);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var setting = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<PlatformSetting>().SingleAsync(s => s.Key == "test.joined", ct);
            Assert.Equal("committed", setting.Value);
        }
    }
}
