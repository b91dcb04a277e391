using ErpConnector.Omie;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// A call waiting in the Omie limiter longer than a deal's lease would let another worker take the deal over while
/// this one still means to send: the limiter must give up (nothing sent) well before the lease runs out.
/// </summary>
public sealed class DealLeaseOptionsValidator(IOptions<OmieOptions> omie) : IValidateOptions<DealProcessingOptions>
{
    public ValidateOptionsResult Validate(string? name, DealProcessingOptions options)
    {
        var queueWait = omie.Value.MaxQueueWait;
        return queueWait >= options.Lease
            ? ValidateOptionsResult.Fail(
                $"{DealProcessingOptions.SectionName}:Lease ({options.Lease}) must be longer than Omie:MaxQueueWait ({queueWait}): " +
                "a deal's worker may wait that long for Omie before it sends. Raise the lease or lower the wait.")
            : ValidateOptionsResult.Success;
    }
}
