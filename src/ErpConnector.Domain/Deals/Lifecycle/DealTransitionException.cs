namespace ErpConnector.Domain.Deals;

/// <summary>A transition the deal's lifecycle does not allow (e.g. an issued deal moving back to received).
/// A bug or a race, never data to store: callers let it surface instead of writing the deal.</summary>
public sealed class DealTransitionException(string dealId, string state, string transition)
    : InvalidOperationException($"Deal {dealId} in state '{state}' cannot {transition}.")
{
    /// <summary>The deal concerned.</summary>
    public string DealId { get; } = dealId;

    /// <summary>The state it was in.</summary>
    public string State { get; } = state;

    /// <summary>What was attempted, in words.</summary>
    public string Transition { get; } = transition;
}
