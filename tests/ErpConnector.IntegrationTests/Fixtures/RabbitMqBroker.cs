using DotNet.Testcontainers.Builders;
using Testcontainers.RabbitMq;

namespace ErpConnector.IntegrationTests.Fixtures;

/// <summary>
/// A real RabbitMQ for the tests: a Testcontainers broker when a Docker engine answers, otherwise the broker
/// named by RABBITMQ_URI (which `make test` installs and starts when it runs as root).
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    private RabbitMqContainer? _container;

    public string Uri { get; private set; } = "";

    public static async Task<RabbitMqBroker> StartAsync()
    {
        var broker = new RabbitMqBroker();
        var fromEnvironment = Environment.GetEnvironmentVariable("RABBITMQ_URI");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            broker.Uri = fromEnvironment;
            return broker;
        }
        try
        {
            broker._container = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
            await broker._container.StartAsync();
            broker.Uri = broker._container.GetConnectionString();
            return broker;
        }
        catch (Exception ex) when (ex is DockerUnavailableException || ex.Message.Contains("Docker", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "No RabbitMQ for the integration tests: no Docker engine answers and RABBITMQ_URI is not set. " +
                "Run `make test` (it installs and starts rabbitmq-server when run as root) or export RABBITMQ_URI=amqp://guest:guest@127.0.0.1:5672/.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
