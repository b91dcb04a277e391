using ErpConnector.Contracts;
using ErpConnector.Service.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>Entry point of deal.won on the bus: records the deal (or rejects it), then advances it as far as it goes
/// now. The message is acknowledged only after the deal is written, so a crash before that redelivers it.</summary>
public sealed class DealWonConsumer(DealIntake intake, DealProcessor processor, IOptions<MessagingOptions> options) : IConsumer<DealWon>
{
    public async Task Consume(ConsumeContext<DealWon> context)
    {
        var size = context.ReceiveContext.Body.Length ?? 0;
        var limit = options.Value.MaxDealMessageBytes;
        if (size > limit)
        {
            await intake.RejectOversizedAsync(context.Message, size,
                [new FieldError("$", "message.too_large", $"The deal.won message has {size} bytes; at most {limit} are accepted. Send only the deal's fields (a real deal is a few KB).")],
                context.CancellationToken);
            return;
        }
        var result = await intake.RecordAsync(context.Message, context.CancellationToken);
        if (result.ToAdvance is { } deal)
            await processor.AdvanceAsync(deal, context.Message, context.CancellationToken);
    }
}
