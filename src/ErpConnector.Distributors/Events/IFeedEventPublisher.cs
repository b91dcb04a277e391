namespace ErpConnector.Distributors.Events;

/// <summary>Puts a contract message on the bus; the host implements it (MassTransit), tests record it.</summary>
public interface IFeedEventPublisher
{
    Task PublishAsync<T>(T message, CancellationToken ct) where T : class;
}
