namespace ErpConnector.Service.Deals;

/// <summary>This worker no longer holds the deal (another worker took the lease over): stop without calling Omie
/// and without saving; the new holder carries on.</summary>
public sealed class DealLeaseLostException(string dealId)
    : Exception($"The lease of deal {dealId} was taken over by another worker.")
{
    /// <summary>The deal concerned.</summary>
    public string DealId { get; } = dealId;
}
