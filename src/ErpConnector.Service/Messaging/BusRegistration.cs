using System.Runtime.CompilerServices;
using ErpConnector.Service.Distributors;
using ErpConnector.Contracts;
using ErpConnector.Service.Deals;
using MassTransit;

namespace ErpConnector.Service.Messaging;

public static class BusRegistration
{
    /// <summary>MassTransit over RabbitMQ when a URI is configured, in-memory otherwise. Same consumers either way.</summary>
    public static IServiceCollection AddConnectorBus(this IServiceCollection services, IConfiguration configuration)
    {
        var messaging = configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();
        var rabbitUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } fromEnv ? fromEnv : messaging.RabbitMqUri;

        services.AddMassTransit(x =>
        {
            // The connector must never phone home.
            x.DisableUsageTelemetry();
            x.AddConsumer<DealWonConsumer, DealWonConsumerDefinition>();

            if (string.IsNullOrWhiteSpace(rabbitUri))
            {
                x.UsingInMemory((context, cfg) =>
                {
                    ConfigureMessages(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                UseRabbitMq(x, rabbitUri);
            }
        });
        // Start-up waits for the broker topology (deal.won bound to our queue), so nothing published
        // right after the service reports started can fall on an exchange with no binding.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    // Apart, so the in-memory default starts without loading the RabbitMQ transport: the JIT loads the assembly of
    // every call in a method it compiles, taken or not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseRabbitMq(IBusRegistrationConfigurator x, string rabbitUri) =>
        x.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(new Uri(rabbitUri));
            ConfigureMessages(cfg);
            cfg.ConfigureEndpoints(context);
        });

    private static void ConfigureMessages(IBusFactoryConfigurator cfg)
    {
        // Publishers in any language send plain camelCase JSON to the deal.won exchange; MassTransit
        // envelopes keep working beside it.
        cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        // Outputs are plain JSON too, so finance tools read them without knowing MassTransit.
        cfg.UseRawJsonSerializer(RawSerializerOptions.AnyMessageType | RawSerializerOptions.AddTransportHeaders, isDefault: true);

        cfg.Message<DealWon>(m => m.SetEntityName(ExchangeNames.DealWon));
        cfg.Message<NfseIssued>(m => m.SetEntityName(ExchangeNames.NfseIssued));
        cfg.Message<DealRejected>(m => m.SetEntityName(ExchangeNames.DealRejected));
        cfg.Message<NfseFailed>(m => m.SetEntityName(ExchangeNames.NfseFailed));
        cfg.Message<DealStuck>(m => m.SetEntityName(ExchangeNames.DealStuck));
        cfg.Message<NfseCancelled>(m => m.SetEntityName(ExchangeNames.NfseCancelled));
        cfg.Message<NfseCancellationRefused>(m => m.SetEntityName(ExchangeNames.NfseCancellationRefused));
        cfg.Message<NfseSubstituted>(m => m.SetEntityName(ExchangeNames.NfseSubstituted));
        cfg.Message<InvoicePaid>(m => m.SetEntityName(ExchangeNames.InvoicePaid));
        cfg.Message<DealAwaitingCity>(m => m.SetEntityName(ExchangeNames.DealAwaitingCity));
        cfg.ConfigureDistributorMessageTopology();
    }
}
