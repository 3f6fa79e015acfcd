using System.Data.Common;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Connect.Infrastructure.Inventory;

/// <summary>
/// Wakes the stock export when a committed change asked for one. Only a hint: the export requests are in the database,
/// and the waker also polls, so a lost signal (another instance's change, a crash) only costs a few seconds.
/// </summary>
public sealed class StockExportSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: a burst of changes wakes the export once.
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    /// <summary>True when woken, false when the timeout passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Signals <see cref="StockExportSignal"/> after a save that asked for a stock export is durable: at once for a save
/// without a transaction of its own, at commit for a save inside a transaction (the export must see the rows).
/// </summary>
public sealed class StockExportSignalInterceptor(StockExportSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfDone(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfDone(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyCommitted(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Forget(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is ConnectDbContext db) db.StockExportAsked = false;
    }

    private void NotifyIfDone(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is ConnectDbContext db && db.StockExportAsked && db.Database.CurrentTransaction is null) NotifyCommitted(db);
    }

    private void NotifyCommitted(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not ConnectDbContext { StockExportAsked: true } db) return;
        db.StockExportAsked = false;
        signal.Notify();
    }
}
