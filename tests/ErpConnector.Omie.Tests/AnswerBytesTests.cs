using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ErpConnector.TestSupport.Http;

namespace ErpConnector.Omie.Tests;

/// <summary>The answer is parsed from the bytes it arrived in (not through RestSharp's string): whatever RestSharp's
/// reading accepted — a byte order mark, a declared charset other than UTF-8 — still reads the same, and a body lost
/// mid-way is still an ambiguous transport error.</summary>
public sealed class AnswerBytesTests
{
    private static HttpResponseMessage Bytes(int status, byte[] body, string mediaType, string? charset) =>
        new((HttpStatusCode)status)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = charset } } },
        };

    [Fact]
    public async Task A_utf8_answer_with_a_byte_order_mark_is_read()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Samples.ClientesStatusOk)).ToArray();
        using var t = TestClient.Answering(_ => Bytes(200, body, "application/json", "utf-8"));

        var status = await t.Client.UpsertCustomerAsync(Samples.Customer());

        Assert.True(status.OmieId > 0);
    }

    [Fact]
    public async Task A_fault_in_a_declared_latin1_charset_keeps_its_accents()
    {
        const string text = "ERROR: Cliente já cadastrado!";
        var json = $$"""{"faultstring":"{{text}}","faultcode":"SOAP-ENV:Client-102"}""";
        using var t = TestClient.Answering(_ => Bytes(500, Encoding.Latin1.GetBytes(json), "application/json", "iso-8859-1"));

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.UpsertCustomerAsync(Samples.Customer()));

        Assert.Equal(text, fault.FaultString);
        Assert.Equal(OmieFaultKind.AlreadyRegistered, fault.Kind);
    }

    [Fact]
    public async Task A_refusal_without_a_fault_body_quotes_its_text_without_the_byte_order_mark()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Acesso negado à API")).ToArray();
        using var t = TestClient.Answering(_ => Bytes(403, body, "text/plain", null));

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal("HTTP-403", fault.FaultCode);
        Assert.Equal("Acesso negado à API", fault.FaultString);
    }

    [Fact]
    public async Task A_body_lost_midway_is_a_transport_error()
    {
        using var t = TestClient.Answering(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new BodyLostMidway(Encoding.UTF8.GetBytes(Samples.ClientesStatusOk)[..20])),
        });

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.UpsertCustomerAsync(Samples.Customer()));

        Assert.Equal("UpsertCliente", error.Method);
    }

    [Fact]
    public async Task An_answer_over_the_size_limit_is_a_transport_error_not_a_memory_problem()
    {
        var body = new EndlessBody(4L * OmieTransport.MaxAnswerBytes);
        using var t = TestClient.Answering(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal("StatusOS", error.Method);
        Assert.Null(error.HttpStatus);
        // Reading stopped at the limit (give or take one read), not at the stream's own safety stop far beyond it.
        Assert.InRange(body.Given, OmieTransport.MaxAnswerBytes, OmieTransport.MaxAnswerBytes + 1024 * 1024);
    }
}
