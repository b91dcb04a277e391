using ErpConnector.Distributors.Events;
using MassTransit;

namespace ErpConnector.Service.Distributors;

/// <summary>Runs execute outside any consume or request scope, so they publish through the bus itself.</summary>
public sealed class MassTransitFeedEventPublisher(IBus bus) : IFeedEventPublisher
{
    public Task PublishAsync<T>(T message, CancellationToken ct) where T : class => bus.Publish(message, ct);
}
