using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>/metrics after a deal is issued, and /health/ready's checks.</summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_the_connector_is_observed(ConnectorFixture fixture)
{
    private static readonly string[] Series =
    [
        "erpconnector_deals_received_total",
        "erpconnector_deals_issued_total",
        "erpconnector_omie_call_duration_seconds_bucket",
        "erpconnector_omie_limiter_wait_seconds_bucket",
        "erpconnector_webhook_deliveries_total",
        "erpconnector_deal_retries_scheduled_total",
        "erpconnector_omie_throttle_faults_total",
        "http_server_request_duration_seconds_bucket",
        "http_client_request_duration_seconds_bucket",
    ];

    [Fact]
    public async Task metrics_expose_the_named_series_after_a_deal_is_issued()
    {
        // One transient failure (a durable retry) and one "redundant" throttle fault on the way.
        await fixture.Sandbox.InjectAsync(new { kind = "http-500", method = "IncluirOS", count = 1 });
        await fixture.Sandbox.InjectAsync(new { kind = "throttle", method = "FaturarOS", fault = "redundant", seconds = 1, count = 1 });
        var envelope = SalesOs.DealWonEnvelope();
        var dealId = SalesOs.DealId(envelope);
        using var anonymous = Credentials.WithApiKey(fixture.Api.BaseAddress!, null);
        try
        {
            using (var delivered = await anonymous.SendAsync(SalesOs.Signed(envelope))) delivered.EnsureSuccessStatusCode();
            await Ledger.WaitForStateAsync(fixture.Api, dealId, "issued");
        }
        finally
        {
            await fixture.Sandbox.ClearFaultsAsync();
        }

        // The exporter caches a scrape briefly; poll until every series shows.
        string text = "";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            text = await anonymous.GetStringAsync("/metrics");
            if (Series.All(text.Contains) && text.Contains("method=\"IncluirOS\"")) break;
            await Task.Delay(200);
        }
        foreach (var series in Series)
            Assert.Contains(series, text);
        Assert.Contains("method=\"IncluirOS\"", text);
        Assert.Contains("method=\"StatusOS\"", text);
        Assert.Matches(@"erpconnector_deals_issued_total\{[^}]*\} [1-9]", text);
        Assert.Matches(@"erpconnector_omie_throttle_faults_total\{[^}]*kind=""Redundant""[^}]*\} [1-9]", text);
        Assert.Matches(@"erpconnector_omie_call_duration_seconds_count\{[^}]*method=""IncluirOS""[^}]*outcome=""transport""[^}]*\} [1-9]", text);
    }

    [Fact]
    public async Task ready_reports_bus_ledger_scheduler_and_omie()
    {
        using var anonymous = Credentials.WithApiKey(fixture.Api.BaseAddress!, null);
        using var response = await anonymous.GetAsync("/health/ready");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var checks = body["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", checks["ledger"]);
        Assert.Equal("Healthy", checks["scheduler"]);
        Assert.Equal("Healthy", checks["omie-reachable"]);
        Assert.Contains("omie-access", checks.Keys);
        Assert.Contains(checks.Keys, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase) || name.Contains("bus", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Trace context from an HTTP caller to each Omie HTTP call (the deal is written by the request and advanced
/// in the background, which keeps the request's trace).</summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_a_deal_is_traced(ConnectorFixture fixture)
{
    [Fact]
    public async Task a_deal_is_one_trace_from_the_request_to_each_omie_call()
    {
        // The caller's span: HttpClient sends its context as traceparent.
        using var root = new System.Diagnostics.Activity("integration-test caller").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();
        var traceId = root.TraceId;
        var seen = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.TraceId == traceId) seen.Add(a); },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = JsonContent.Create(deal) };
        using (var response = await fixture.Api.SendAsync(request)) response.EnsureSuccessStatusCode();
        await Ledger.WaitForStateAsync(fixture.Api, dealId, "invoiced", TimeSpan.FromSeconds(15)).ContinueWith(_ => { });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !seen.Any(a => a.DisplayName == "omie FaturarOS")) await Task.Delay(100);
        var spans = seen.ToList();
        Assert.Contains(spans, a => a.Kind == System.Diagnostics.ActivityKind.Server && a.DisplayName.Contains("/api/deals", StringComparison.Ordinal));
        foreach (var method in new[] { "UpsertCliente", "IncluirOS", "FaturarOS" })
        {
            var omie = Assert.Single(spans, a => a.DisplayName == $"omie {method}" && a.GetTagItem("omie.method") as string == method);
            // The HTTP client span (which writes the traceparent header) is the Omie span's child.
            Assert.Contains(spans, a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == omie.SpanId);
        }
    }
}
