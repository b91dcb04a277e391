namespace ErpConnector.Distributors.Feeds;

/// <summary>The feed could not be fetched or opened; the message is meant for an operator and names no secret.</summary>
public sealed class FeedFetchException(string step, string message, int? httpStatus = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary><c>token</c>, <c>catalog</c>, <c>prices</c>, <c>download</c>, <c>archive</c>, <c>columns</c>.</summary>
    public string Step { get; } = step;
    public int? HttpStatus { get; } = httpStatus;
}
