namespace ErpConnector.Distributors.Feeds;

/// <summary>The feed could not be fetched or opened; the message is meant for an operator and names no secret.</summary>
public sealed class FeedFetchException(string step, string message, int? httpStatus = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary><c>token</c>, <c>catalog</c>, <c>prices</c>, <c>download</c>, <c>archive</c>, <c>columns</c>,
    /// <c>connect</c>, <c>login</c>, <c>host-key</c>, <c>file</c>.</summary>
    public string Step { get; } = step;
    public int? HttpStatus { get; } = httpStatus;

    /// <summary>The distributor answered and refused the credentials (HTTP 401/403, OAuth <c>invalid_client</c>,
    /// SFTP authentication failure): retrying cannot help, an operator must re-enter them. Told apart from the
    /// distributor being down so the status, health and events can say which it is.</summary>
    public bool CredentialsRejected { get; init; }

    /// <summary>The failure may pass by itself (network, timeout, server error, connection cut mid-file): the
    /// whole file is fetched again, up to the feed's attempts. False for answers that would only repeat.</summary>
    public bool Transient { get; init; }

    /// <summary>The operator's next step when <see cref="CredentialsRejected"/>.</summary>
    public const string CredentialsAction = "Re-enter the credentials, then test the connection.";
}
