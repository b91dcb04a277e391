using System.Net.Http.Headers;
using System.Text;
using RestSharp;

namespace ErpConnector.Omie.Internal;

/// <summary>
/// Omie's HTTP answer as RestSharp hands it to <see cref="OmieTransport"/>, kept as the bytes it arrived in.
/// <para>Why not RestSharp's default response: it copies the body HttpClient has already buffered through a 16 KB
/// buffer and a MemoryStream into a new array, decodes it to a string through a StreamReader and copies every header
/// into parameters — about 30 KB of garbage per call, four calls per deal, for a body of a few hundred bytes that is
/// then parsed as JSON from the string (transcoded back to UTF-8). Here the body is copied once, parsed from UTF-8,
/// and decoded to text only when a fault or an unreadable answer needs its words. Set as the request's
/// <see cref="RestRequest.AdvancedResponseWriter"/>; RestSharp calls it only when an HTTP answer arrived (a
/// transport failure still comes back as RestSharp's own error response, status 0).</para>
/// </summary>
internal sealed class OmieAnswer : RestResponse
{
    private readonly byte[] _body;
    private readonly Encoding? _declared;
    private string? _text;

    private OmieAnswer(RestRequest request, byte[] body, Encoding? declared, string? retryAfter) : base(request)
    {
        _body = body;
        _declared = declared;
        RetryAfter = retryAfter;
    }

    /// <summary>The body as sent (without a byte order mark), when it is UTF-8 (what Omie declares); null when another
    /// charset was declared.</summary>
    public ReadOnlyMemory<byte>? Utf8Body
    {
        get
        {
            // Not a conditional expression: its null would become an empty Memory (through byte[]), not "no UTF-8 body".
            if (_declared is not null && _declared.CodePage != Encoding.UTF8.CodePage) return null;
            var mark = _body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
            return _body.AsMemory(mark);
        }
    }

    /// <summary>The body decoded by its declared charset (UTF-8 when none): for fault texts and log excerpts only.</summary>
    public string Text => _text ??= DecodeText();

    // As a StreamReader would (RestSharp's way): a byte order mark names the encoding and is not part of the text.
    private string DecodeText()
    {
        using var reader = new StreamReader(new MemoryStream(_body, writable: false), _declared ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The Retry-After header's value, if any (read only when a block states no wait of its own).</summary>
    public string? RetryAfter { get; }

    /// <summary>Builds the answer from the response HttpClient has buffered (RestSharp sends with
    /// <see cref="HttpCompletionOption.ResponseContentRead"/>, so nothing here waits on the network).</summary>
    public static RestResponse Read(HttpResponseMessage http, RestRequest request)
    {
        var content = http.Content;
        byte[] body;
        using (var stream = content.ReadAsStream())
        {
            if (stream.CanSeek)
            {
                body = new byte[stream.Length - stream.Position];
                stream.ReadExactly(body);
            }
            else
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                body = copy.ToArray();
            }
        }
        return new OmieAnswer(request, body, Declared(content.Headers.ContentType), RetryAfterOf(http))
        {
            StatusCode = http.StatusCode,
            StatusDescription = http.ReasonPhrase,
            IsSuccessStatusCode = http.IsSuccessStatusCode,
            ResponseStatus = ResponseStatus.Completed,
            ContentType = content.Headers.ContentType?.MediaType,
            ContentLength = body.Length,
            ResponseUri = http.RequestMessage?.RequestUri,
            Version = http.Version,
        };
    }

    private static Encoding? Declared(MediaTypeHeaderValue? type)
    {
        if (type?.CharSet is not { Length: > 0 } charset) return null;
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return null; // an unknown charset: read it as UTF-8, as RestSharp's default would have fallen back too
        }
    }

    private static string? RetryAfterOf(HttpResponseMessage http) =>
        http.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
}
