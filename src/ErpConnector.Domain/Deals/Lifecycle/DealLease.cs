namespace ErpConnector.Domain.Deals;

/// <summary>
/// Who may advance a deal right now, until when, and the fencing token of that claim. The token is the deal's
/// version at the moment of the claim, so every claim has a larger token than any earlier one: a worker whose
/// lease was taken over can no longer prove ownership, even if it still believes it holds the deal.
/// </summary>
public sealed record DealLease(string Owner, DateTimeOffset Until, long Token);
