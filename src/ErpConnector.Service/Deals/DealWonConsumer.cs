using ErpConnector.Contracts;
using ErpConnector.Service.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>Entry point of deal.won: records the deal (or rejects it) and advances it as far as it goes now.</summary>
public sealed class DealWonConsumer(DealIntake intake, IOptions<MessagingOptions> options) : IConsumer<DealWon>
{
    public Task Consume(ConsumeContext<DealWon> context)
    {
        var size = context.ReceiveContext.Body.Length;
        var limit = options.Value.MaxDealMessageBytes;
        if (size > limit)
            return intake.RejectAsync(context.Message,
                [new FieldError("$", "message.too_large", $"The deal.won message has {size} bytes; at most {limit} are accepted. Send only the deal's fields (a real deal is a few KB).")],
                context.CancellationToken);
        return intake.AcceptAsync(context.Message, context.CancellationToken);
    }
}
