using ErpConnector.Distributors.Configuration;

namespace ErpConnector.Distributors.Feeds;

/// <summary>One delivery style of distributor prices (REST API, flat file). Adapters only fetch and parse;
/// diffing, guards and applying are the same for every adapter.</summary>
public interface IPriceFeedAdapter
{
    /// <summary>Matches <see cref="PriceFeedOptions.Adapter"/>.</summary>
    string Kind { get; }

    /// <summary>Streams the whole feed into <paramref name="sink"/>. Throws <see cref="FeedFetchException"/>
    /// when the feed cannot be fetched at all (credentials, network, corrupt archive).</summary>
    Task ReadAsync(PriceFeedOptions feed, IFeedRowSink sink, CancellationToken ct);

    /// <summary>True when rows come from a local copy (downloaded first) at parser speed, so a first load may
    /// write while it reads; false for sources paced by the network (API paging).</summary>
    bool ParsesLocalCopy => false;

    /// <summary>Checks credentials and reach without fetching the whole feed.</summary>
    Task<ConnectionCheck> TestConnectionAsync(PriceFeedOptions feed, CancellationToken ct);
}

/// <summary>The outcome of <see cref="IPriceFeedAdapter.TestConnectionAsync"/>.</summary>
/// <param name="Ok">True when credentials and reach were confirmed.</param>
/// <param name="Step">What was being tried when it stopped: <c>token</c>, <c>catalog</c>, <c>file</c>.</param>
/// <param name="Message">Plain words for an operator; never a credential.</param>
/// <param name="HttpStatus">The distributor's HTTP status at that step, when it answered.</param>
/// <param name="ElapsedMs">How long the check took, in milliseconds.</param>
public sealed record ConnectionCheck(bool Ok, string Step, string Message, int? HttpStatus, double ElapsedMs)
{
    /// <summary>The distributor answered and refused the credentials (as opposed to not answering at all).</summary>
    public bool CredentialsRejected { get; init; }
}
