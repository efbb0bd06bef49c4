using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OneCity.Platform.Data;

/// <summary>
/// Queues SQLite write transactions in the process, first come first served, before they reach SQLite's own lock.
/// SQLite admits one writer at a time, and a writer that finds the lock taken polls it with sleeps that grow to
/// 100 ms (<c>busy_timeout</c>): under load the lock then sits idle between sleeps while requests wait, and one core
/// does all the work. Here a waiting transaction awaits the previous one's commit instead, without a thread.
/// One gate per database file; a transaction that cannot get it within the busy timeout fails as SQLite would.
/// </summary>
internal sealed class SqliteWriteGate : DbTransactionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);
    // Keyed by context: one context has one connection and at most one transaction at a time.
    private readonly ConcurrentDictionary<object, SemaphoreSlim> held = new(ReferenceEqualityComparer.Instance);

    /// <summary>Releases a gate still held when the connection closes (a transaction disposed without commit or rollback).</summary>
    public ConnectionCloseHook OnClose { get; }

    private SqliteWriteGate() => OnClose = new ConnectionCloseHook(this);

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (eventData.Context is not { } context)
        {
            return result;
        }

        var gate = GateOf(connection);
        if (!gate.Wait(Timeout))
        {
            throw Busy(connection);
        }

        held[context] = gate;
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } context)
        {
            return result;
        }

        var gate = GateOf(connection);
        if (!await gate.WaitAsync(Timeout, cancellationToken))
        {
            throw Busy(connection);
        }

        held[context] = gate;
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    // A failed begin, commit or rollback: releasing early is safe (SQLite's own lock still guards the file), holding on is not.
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.Context);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    private void Release(object? context)
    {
        if (context is not null && held.TryRemove(context, out var gate))
        {
            gate.Release();
        }
    }

    private SemaphoreSlim GateOf(DbConnection connection) =>
        gates.GetOrAdd(connection is SqliteConnection s ? s.DataSource : connection.ConnectionString, static _ => new SemaphoreSlim(1, 1));

    private static SqliteException Busy(DbConnection connection) =>
        new($"Database '{connection.DataSource}' is busy: no write transaction could start within {Timeout.TotalSeconds:F0} s.", 5);

    /// <summary>The connection half of the gate: a connection never closes while holding it.</summary>
    internal sealed class ConnectionCloseHook(SqliteWriteGate owner) : DbConnectionInterceptor
    {
        public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => owner.Release(eventData.Context);

        public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            owner.Release(eventData.Context);
            return Task.CompletedTask;
        }
    }
}
