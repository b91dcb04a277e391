using System.Net;
using System.Text;

namespace ErpConnector.SalesOs.Tests;

/// <summary>An HTTP handler playing SalesOS: the token endpoint and the API answer from scripts; every request is
/// recorded with its time and Authorization header.</summary>
public sealed class ScriptedSalesOs : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _api = new();
    private readonly Queue<Func<HttpResponseMessage>> _tokens = new();
    private int _tokenCount;

    public List<(DateTimeOffset At, string Path, string? Authorization, string? Body)> Requests { get; } = [];
    public int TokenRequests => Requests.Count(r => r.Path.EndsWith("/oauth/token", StringComparison.Ordinal));

    public ScriptedSalesOs Api(HttpStatusCode status, string body = "{}", params (string Name, string Value)[] headers)
    {
        _api.Enqueue(() => Answer(status, body, headers));
        return this;
    }

    /// <summary>An API answer whose body the spec builds itself (e.g. a stream that never ends).</summary>
    public ScriptedSalesOs Api(Func<HttpResponseMessage> answer)
    {
        _api.Enqueue(answer);
        return this;
    }

    public ScriptedSalesOs Token(HttpStatusCode status, string body)
    {
        _tokens.Enqueue(() => Answer(status, body, []));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
        Requests.Add((DateTimeOffset.UtcNow, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString(), body));
        if (request.RequestUri.AbsolutePath.EndsWith("/oauth/token", StringComparison.Ordinal))
        {
            if (_tokens.TryDequeue(out var scripted)) return scripted();
            var n = Interlocked.Increment(ref _tokenCount);
            return Answer(HttpStatusCode.OK, $$"""{"access_token":"token-{{n}}","expires_in":86400,"token_type":"Bearer"}""", []);
        }
        return _api.TryDequeue(out var next) ? next() : Answer(HttpStatusCode.OK, """{"data":[],"next_cursor":null}""", []);
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }
}
