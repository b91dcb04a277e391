using Microsoft.Extensions.Hosting;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>An application lifetime that never stops (what <see cref="ErpConnector.Service.Deals.BackgroundDealPass"/> needs in specs).</summary>
internal sealed class HostLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => CancellationToken.None;
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;
    public void StopApplication() { }
}
