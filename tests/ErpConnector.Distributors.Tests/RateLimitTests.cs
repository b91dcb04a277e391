using System.Net;
using System.Text;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace ErpConnector.Distributors.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_caller_pauses_when_the_quota_is_used_up_and_honours_retry_after()
    {
        var time = new InstantTime();
        var api = new ScriptedApi(
            Ok(("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "2")),   // quota used up: reset in 2 s
            TooMany(retryAfterSeconds: 3),
            Ok());
        var http = new HttpClient(api);
        var rest = new RestFeedOptions { TokenUrl = "https://auth.example/token", ClientId = "id", ClientSecret = "secret", MaxRetryWait = TimeSpan.FromMinutes(1) };
        var caller = new DistributorApiCaller("feed", rest, http, new OAuthTokenCache(time), time, NullLogger.Instance);

        await caller.SendAsync("catalog", () => new HttpRequestMessage(HttpMethod.Get, "https://api.example/catalog?pageNumber=1"), default);
        await caller.SendAsync("catalog", () => new HttpRequestMessage(HttpMethod.Get, "https://api.example/catalog?pageNumber=2"), default);

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], time.Delays);
        Assert.Equal(3, api.ApiCalls);
        Assert.All(api.Requests, r => Assert.Equal("Bearer token-1", r.Headers.Authorization?.ToString()));
        Assert.All(api.Requests, r => Assert.True(r.Headers.Contains("IM-CorrelationID")));
    }

    private static Func<HttpResponseMessage> Ok(params (string Name, string Value)[] headers) => () =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    };

    private static Func<HttpResponseMessage> TooMany(int retryAfterSeconds) => () =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfterSeconds.ToString());
        return response;
    };

    /// <summary>Answers the token endpoint itself and the API calls from a script, in order.</summary>
    private sealed class ScriptedApi(params Func<HttpResponseMessage>[] script) : HttpMessageHandler
    {
        private int _next;
        public int ApiCalls => _next;
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.RequestUri!.AbsolutePath == "/token")
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("""{"access_token":"token-1","expires_in":3600}""", Encoding.UTF8, "application/json"),
                });
            Requests.Add(request);
            return Task.FromResult(script[_next++]());
        }
    }

    /// <summary>Time that jumps instead of waiting, and remembers every wait asked of it.</summary>
    private sealed class InstantTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        public List<TimeSpan> Delays { get; } = [];

        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                Delays.Add(dueTime);
                _now += dueTime;
            }
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
