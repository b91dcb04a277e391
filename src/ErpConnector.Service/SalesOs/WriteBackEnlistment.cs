using System.Data.Common;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.SalesOs;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.SalesOs;

/// <summary>Enlists the SalesOS write-back in the deal's save transaction when the deal reaches a state SalesOS
/// shows (issued, failed, cancelled, paid), if <c>SalesOS:WriteBack:Enabled</c>.</summary>
public sealed class WriteBackEnlistment(IOptionsMonitor<SalesOsWriteBackOptions> options) : IDealSaveOutbox
{
    public Task EnlistAsync(DbConnection db, DbTransaction tx, Deal deal, long savedVersion, DateTimeOffset now, CancellationToken ct)
    {
        if (!options.CurrentValue.Enabled || !WriteBackContent.WrittenStates.Contains(deal.State)) return Task.CompletedTask;
        return SalesOsWriteBackStore.EnlistAsync(db, tx, deal.DealId, savedVersion, deal.State, WriteBackContent.From(deal).ToJson(), now, ct);
    }
}
