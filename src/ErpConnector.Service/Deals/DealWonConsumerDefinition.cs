using System.Runtime.CompilerServices;
using ErpConnector.Service.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>Queue name, concurrency and short retries for deal.won. Omie and city failures are not retried
/// here: the processor records them in the ledger and the Quartz sweeper retries them durably.</summary>
public sealed class DealWonConsumerDefinition : ConsumerDefinition<DealWonConsumer>
{
    private readonly MessagingOptions _options;

    public DealWonConsumerDefinition(IOptions<MessagingOptions> options)
    {
        _options = options.Value;
        EndpointName = _options.DealWonQueue;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<DealWonConsumer> consumer, IRegistrationContext context)
    {
        // Seconds-long retries only cover blips of the ledger database or the broker.
        endpoint.UseMessageRetry(r => r.Intervals(200, 1000, 5000));
        endpoint.PrefetchCount = _options.PrefetchCount;
        if (_options.PurgeOnStartup)
            PurgeOnStartup(endpoint);
    }

    // Apart, so the in-memory default does not load the RabbitMQ transport for this type test: the JIT loads the
    // assembly of every type a method it compiles mentions, taken or not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PurgeOnStartup(IReceiveEndpointConfigurator endpoint)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.PurgeOnStartup = true;
    }
}
