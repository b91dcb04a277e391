using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Distributors.Rest;

/// <summary>OAuth2 client-credentials tokens per feed, renewed before they expire (a fifth of their lifetime,
/// at most a minute, ahead) so a long paging run never sends an expired token.</summary>
public sealed class OAuthTokenCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Credentials, CachedToken Token)> _tokens = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<string> GetAsync(string feedId, RestFeedOptions rest, HttpClient http, CancellationToken ct)
    {
        // A token is only reused with the credentials it was issued for: after a rotated secret (credential file
        // reloaded) the next run proves the new one instead of riding on a token of the old one.
        var credentials = CredentialsOf(rest);
        bool Usable(out string token)
        {
            var ok = _tokens.TryGetValue(feedId, out var cached) && cached.Credentials == credentials && time.GetUtcNow() < cached.Token.RenewAt;
            token = ok ? cached.Token.AccessToken : "";
            return ok;
        }
        if (Usable(out var current)) return current;
        var gate = _locks.GetOrAdd(feedId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Usable(out current)) return current;
            var fresh = await RequestAsync(rest, http, ct);
            _tokens[feedId] = (credentials, fresh);
            return fresh.AccessToken;
        }
        finally { gate.Release(); }
    }

    private static string CredentialsOf(RestFeedOptions rest) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes($"{rest.TokenUrl}\n{rest.ClientId}\n{rest.ClientSecret}\n{rest.Scope}")));

    /// <summary>Forget the token after the API refused it (revoked early, clock skew).</summary>
    public void Invalidate(string feedId) => _tokens.TryRemove(feedId, out _);

    public async Task<CachedToken> RequestAsync(RestFeedOptions rest, HttpClient http, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = rest.ClientId,
            ["client_secret"] = rest.ClientSecret,
        };
        if (!string.IsNullOrWhiteSpace(rest.Scope)) form["scope"] = rest.Scope;
        using var request = new HttpRequestMessage(HttpMethod.Post, rest.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        var url = SafeUrl.From(new Uri(rest.TokenUrl));
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, ct); }
        catch (HttpRequestException ex) { throw new FeedFetchException("token", $"Could not reach the token endpoint {url}: {url.Scrub(ex.Message)}"); }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested) { throw new FeedFetchException("token", $"The token endpoint {url} did not answer in time.", null, ex); }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                var error = TryRead<TokenError>(body);
                var detail = error?.Error is { Length: > 0 } code ? $" ({code}{(error.Description is { Length: > 0 } d ? $": {d}" : "")})" : "";
                // RFC 6749 §5.2: invalid_client (401, or 400 from some servers) and unauthorized_client are the
                // credentials; invalid_scope/invalid_request are configuration, and a 5xx is the server being down.
                var rejected = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || error?.Error is "invalid_client" or "unauthorized_client";
                throw new FeedFetchException("token", rejected || response.StatusCode is HttpStatusCode.BadRequest
                    ? $"The token endpoint {url} rejected the client id or secret (HTTP {(int)response.StatusCode}{detail}): check ClientId and ClientSecret."
                    : $"The token endpoint {url} failed with HTTP {(int)response.StatusCode}{detail}.", (int)response.StatusCode)
                {
                    CredentialsRejected = rejected,
                };
            }
            var token = TryRead<TokenResponse>(body);
            if (token?.AccessToken is not { Length: > 0 })
                throw new FeedFetchException("token", $"The token endpoint {url} answered without an access_token.");
            var lifetime = TimeSpan.FromSeconds(token.ExpiresIn is > 0 ? token.ExpiresIn.Value : 300);
            var margin = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 5, TimeSpan.FromMinutes(1).Ticks));
            return new CachedToken(token.AccessToken, time.GetUtcNow() + lifetime - margin);
        }
    }

    private static T? TryRead<T>(string body) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(body); }
        catch (JsonException) { return null; }
    }

    public sealed record CachedToken(string AccessToken, DateTimeOffset RenewAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);

    private sealed record TokenError(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? Description);
}
