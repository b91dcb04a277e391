namespace ErpConnector.Domain.Deals;

/// <summary>One line of a deal's history: when, in which state, what happened.</summary>
public sealed record DealHistoryEntry(DateTimeOffset At, string State, string Note);
