using System.Diagnostics;
using ErpConnector.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>
/// The ceiling for the pipeline: a MassTransit consumer that does nothing, on the same broker, with the same
/// serializer, concurrency and prefetch, consuming the same N bodies.
/// </summary>
public static class BareConsumerBaseline
{
    private const string Exchange = "bench.bare-deal-won";
    private const string Queue = "bench.bare-deal-won";

    public static async Task<TimeSpan> RunAsync(string rabbitUri, IReadOnlyList<byte[]> bodies, int concurrency, int prefetch)
    {
        var consumed = 0;
        var services = new ServiceCollection();
        services.AddSingleton(new Counter(() => Interlocked.Increment(ref consumed)));
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.AddConsumer<NothingConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(rabbitUri));
                cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                cfg.ReceiveEndpoint(Queue, e =>
                {
                    e.PurgeOnStartup = true;
                    e.ConcurrentMessageLimit = concurrency;
                    e.PrefetchCount = prefetch;
                    e.ConfigureConsumeTopology = false;
                    e.Bind(Exchange);
                    e.ConfigureConsumer<NothingConsumer>(context);
                });
            });
        });
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(rabbitUri) };
            await using var connection = await factory.CreateConnectionAsync("bench-baseline");
            await using var channel = await connection.CreateChannelAsync();
            var started = Stopwatch.StartNew();
            foreach (var body in bodies)
                await channel.BasicPublishAsync(Exchange, "", mandatory: false,
                    new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent }, body);
            while (Volatile.Read(ref consumed) < bodies.Count && started.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(5);
            return started.Elapsed;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    public sealed record Counter(Action Increment);

    public sealed class NothingConsumer(Counter counter) : IConsumer<DealWon>
    {
        public Task Consume(ConsumeContext<DealWon> context)
        {
            counter.Increment();
            return Task.CompletedTask;
        }
    }
}
