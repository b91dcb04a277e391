using ErpConnector.Contracts;
using MassTransit;

namespace ErpConnector.Service.Deals;

/// <summary>Entry point of deal.won: records the deal (or rejects it) and advances it as far as it goes now.</summary>
public sealed class DealWonConsumer(DealIntake intake) : IConsumer<DealWon>
{
    public Task Consume(ConsumeContext<DealWon> context) =>
        intake.AcceptAsync(context.Message, context.CancellationToken);
}
