using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RestSharp;

namespace ErpConnector.SalesOs;

/// <summary>
/// The OAuth2 client-credentials token (Auth0): asked for once, cached until <see cref="SalesOsOptions.RefreshBefore"/>
/// before it expires, replaced once when SalesOS answers 401. Concurrent callers share one request. The token and the
/// client secret are never logged nor put in an exception.
/// </summary>
public sealed partial class SalesOsTokenSource(SalesOsOptions options, RestClient rest, TimeProvider clock, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Token? _token;

    internal sealed record Token(string Value, DateTimeOffset RenewAt, DateTimeOffset IssuedAt);

    /// <summary>How many tokens were fetched (specs, metrics).</summary>
    public int Fetched { get; private set; }

    /// <summary>A usable token; <paramref name="rejected"/> names one SalesOS refused (401), which is replaced
    /// unless another caller already did. Returns whether the token was just fetched.</summary>
    internal async Task<(Token Token, bool Fresh)> GetAsync(string? rejected, CancellationToken ct)
    {
        var current = _token;
        if (current is not null && rejected is null && clock.GetUtcNow() < current.RenewAt) return (current, false);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            current = _token;
            if (current is not null && current.Value != rejected && clock.GetUtcNow() < current.RenewAt) return (current, false);
            _token = null;
            current = await FetchAsync(ct).ConfigureAwait(false);
            _token = current;
            return (current, true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Token> FetchAsync(CancellationToken ct)
    {
        var request = new RestRequest(options.TokenUrl, Method.Post).AddJsonBody(new TokenRequest(
            options.ClientId, options.ClientSecret, options.Audience, "client_credentials"));
        var response = await rest.ExecuteAsync(request, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (response.StatusCode == 0 || (int)response.StatusCode >= 500)
            throw new SalesOsCallException("token", SalesOsFailure.Unavailable, response.StatusCode == 0 ? null : (int)response.StatusCode,
                null, $"token endpoint unreachable or failing ({(response.StatusCode == 0 ? response.ResponseStatus.ToString() : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture))})");
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new SalesOsCallException("token", SalesOsFailure.RateLimited, 429, null, "token endpoint rate-limited")
            {
                RetryAt = clock.GetUtcNow() + SalesOsPacer.ParseRetryAfter(response.GetHeaderValue("Retry-After"), clock.GetUtcNow()),
            };
        if (!response.IsSuccessStatusCode)
        {
            // Auth0 answers 401/403 (access_denied, unauthorized_client) for a deleted, deactivated or wrong client.
            var error = SalesOsErrorBody.Read(response.Content, response.GetHeaderValue("X-Request-Id"));
            throw new SalesOsCallException("token", SalesOsFailure.CredentialBroken, (int)response.StatusCode, error,
                "the token endpoint refused the API client: it may be revoked or deleted (Admin > Integrations > API Keys), or SalesOS:ClientId/ClientSecret/Audience are wrong");
        }
        TokenResponse? body;
        try
        {
            body = JsonSerializer.Deserialize<TokenResponse>(response.Content ?? "");
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is not { AccessToken.Length: > 0 })
            throw new SalesOsCallException("token", SalesOsFailure.Unavailable, (int)response.StatusCode, null, "the token endpoint answered without an access_token");
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn is > 0 ? body.ExpiresIn.Value : 86400);
        // Renew RefreshBefore ahead, but never sooner than halfway through a short-lived token.
        var margin = TimeSpan.FromTicks(Math.Min(options.RefreshBefore.Ticks, lifetime.Ticks / 2));
        Fetched++;
        LogFetched(logger, (long)lifetime.TotalSeconds);
        return new Token(body.AccessToken, now + lifetime - margin, now);
    }

    private sealed record TokenRequest(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_secret")] string ClientSecret,
        [property: JsonPropertyName("audience")] string Audience,
        [property: JsonPropertyName("grant_type")] string GrantType);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long? ExpiresIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "SalesOS access token obtained (valid {LifetimeSeconds} s)")]
    private static partial void LogFetched(ILogger logger, long lifetimeSeconds);
}
