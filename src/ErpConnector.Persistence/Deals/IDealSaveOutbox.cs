using System.Data.Common;
using ErpConnector.Domain.Deals;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// Something written in the same transaction as a deal's save (an outbox row): it exists if and only if the save
/// committed, so a crash between "deal saved" and "tell another system" loses nothing and invents nothing.
/// Registered in DI; the ledger calls every one after each successful save.
/// </summary>
public interface IDealSaveOutbox
{
    /// <param name="db">The save's connection.</param>
    /// <param name="tx">The save's transaction (not yet committed).</param>
    /// <param name="deal">The deal as saved (its <see cref="Deal.Version"/> is still the one it was read at).</param>
    /// <param name="savedVersion">The version the save gives the row: increases with every save of the deal.</param>
    /// <param name="now">The save's time.</param>
    /// <param name="ct">Cancellation.</param>
    Task EnlistAsync(DbConnection db, DbTransaction tx, Deal deal, long savedVersion, DateTimeOffset now, CancellationToken ct);
}
