using System.Net.Http.Json;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using ErpConnector.SalesOs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ErpConnector.Console.Tests;

/// <summary>The overview names what issues 11 and 12 added: a refused SalesOS client among the rejected credentials
/// (the state SalesOsHealthCheck reads), deals awaiting the city among those needing attention, the new states labelled.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class When_a_credential_or_the_city_needs_a_person(ConsoleHost host)
{
    [Fact]
    public async Task A_deal_awaiting_the_city_is_listed_for_finance_and_paid_and_refused_deals_show_their_facts()
    {
        var now = DateTimeOffset.UtcNow;
        var nfse = new DealNfse("4711", "AB12-CD34", "https://nfse.example.gov.br/nota/4711", now.AddDays(-2))
        {
            PdfUrl = "https://app.omie.example/pdf/4711", SubstituteNumber = "4712",
        };
        var awaiting = await SeedAsync(DealState.AwaitingCity, now, s => s with
        {
            // Polled again only far in the future: the spec reads the page, the processor leaves it alone.
            NextDueAt = now.AddDays(1),
            Error = new DealError("awaiting-city", "1", "A prefeitura não processou o RPS em 1.00:00:00 (status 1).", "Exporte o RPS em TXT / Export the RPS as TXT"),
        });
        var paid = await SeedAsync(DealState.Paid, now, s => s with
        {
            Nfse = nfse,
            Boleto = new DealBoleto("https://app.omie.example/boleto/9", "23790.12345 60000.000003 00000.000000 1 00000000012345", "9"),
            Payment = new DealPayment(123.45m, new DateOnly(2026, 11, 28), now),
        });
        var refused = await SeedAsync(DealState.Issued, now, s => s with
        {
            Nfse = nfse,
            Cancellation = new DealCancellation("Serviço não prestado ao cliente", ConsoleHost.AdminName, now.AddHours(-1), now.AddHours(-1), null),
            Error = new DealError("cancellation-refused", "E0205", "Prazo de cancelamento expirado", "Emita uma NFS-e substituta / Issue a substitute NFS-e"),
        });

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_deal_awaiting_the_city_is_listed_for_finance_and_paid_and_refused_deals_show_their_facts), async () =>
        {
            await page.GotoAsync("/console");
            await page.GetByLabel("Chave de API").FillAsync(ConsoleHost.AdminKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
            await Expect(page.GetByTestId("who")).ToBeVisibleAsync();

            // Among the deals needing attention, unfiltered, with the corrective action.
            await page.GotoAsync("/console/deals?q=" + Uri.EscapeDataString(awaiting));
            var row = page.GetByTestId("attention-list").Locator("tr", new() { HasText = awaiting });
            await Expect(row).ToContainTextAsync("aguardando a prefeitura");
            await Expect(row).ToContainTextAsync("Exporte o RPS em TXT");
            await page.GotoAsync($"/console/deals/{awaiting}");
            await Expect(page.GetByTestId("awaiting-city")).ToContainTextAsync("O financeiro precisa agir");
            Assert.Equal("/console/help#awaiting-city", await page.GetByTestId("awaiting-city").GetByRole(AriaRole.Link).GetAttributeAsync("href"));

            await page.GotoAsync($"/console/deals/{paid}");
            await Expect(page.GetByTestId("state").First).ToHaveTextAsync("pago");
            await Expect(page.GetByTestId("payment")).ToContainTextAsync("R$ 123,45");
            await Expect(page.GetByTestId("payment")).ToContainTextAsync("2026-11-28");
            await Expect(page.GetByTestId("boleto-line")).ToHaveTextAsync("23790.12345 60000.000003 00000.000000 1 00000000012345");
            Assert.Equal("https://app.omie.example/boleto/9", await page.GetByTestId("boleto-link").GetAttributeAsync("href"));
            Assert.Equal("https://nfse.example.gov.br/nota/4711", await page.GetByTestId("nfse-city").GetAttributeAsync("href"));
            Assert.Equal("https://app.omie.example/pdf/4711", await page.GetByTestId("nfse-pdf").GetAttributeAsync("href"));
            await Expect(page.GetByTestId("nfse-substitute")).ToContainTextAsync("4712");
            await Expect(page.GetByTestId("cancel-nfse")).ToHaveCountAsync(0);

            await page.GotoAsync($"/console/deals/{refused}");
            await Expect(page.GetByTestId("cancellation-refused")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("error-message")).ToHaveTextAsync("Prazo de cancelamento expirado");
            await Expect(page.GetByTestId("corrective-action")).ToContainTextAsync("Emita uma NFS-e substituta");
            await Expect(page.GetByTestId("cancellation")).ToContainTextAsync("Serviço não prestado ao cliente");
            // Refused, the NFS-e is issued again: asking once more is allowed.
            await Expect(page.GetByTestId("cancel-nfse")).ToBeVisibleAsync();
        });
    }

    private async Task<string> SeedAsync(string state, DateTimeOffset now, Func<DealSnapshot, DealSnapshot> shape)
    {
        var id = $"console-{state}-{Guid.NewGuid():N}"[..40];
        var snapshot = shape(new DealSnapshot
        {
            DealId = id, EventId = "E-" + id, State = state, Total = 123.45m,
            Payload = System.Text.Json.JsonSerializer.Serialize(new { dealId = id, customer = new { legalName = "Padaria Pão Quente" } }),
            StateSince = now, CreatedAt = now, UpdatedAt = now,
        });
        Assert.True(await host.Services.GetRequiredService<IDealLedger>().TryCreateAsync(Deal.Restore(snapshot), "seeded by the console spec"));
        return id;
    }

    [Fact]
    public async Task A_distributor_that_refuses_the_credentials_is_listed_with_what_to_do()
    {
        // The file server answers 401 once: the run ends credentials-rejected (not retried, not "distributor down").
        (await host.Sandbox.PostAsJsonAsync("/_sandbox/distributors/faults", new { feedId = ConsoleHost.FeedId, kind = "unauthorized", times = 1 })).EnsureSuccessStatusCode();
        try
        {
            (await host.Api.PostAsync($"/api/distributors/{ConsoleHost.FeedId}/refetch?force=true", null)).EnsureSuccessStatusCode();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                var feed = (await host.Api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/distributors/{ConsoleHost.FeedId}"))!;
                if ((string?)feed["problem"]?["kind"] == "credentials-rejected") break;
                Assert.True(DateTime.UtcNow < deadline, $"the run never ended credentials-rejected: {feed.ToJsonString()}");
                await Task.Delay(200);
            }

            var page = await host.NewPageAsync();
            await ConsoleBrowser.RunAsync(page, nameof(A_distributor_that_refuses_the_credentials_is_listed_with_what_to_do), async () =>
            {
                await page.GotoAsync("/console");
                await page.GetByLabel("Chave de API").FillAsync(ConsoleHost.ReaderKey);
                await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
                var entry = page.GetByTestId("credential-distributor-credentials");
                await Expect(entry).ToContainTextAsync("Simulated price file", new() { Timeout = 60_000 });
                Assert.Equal("/console/help#distributor-credentials", await entry.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
            });
        }
        finally
        {
            await host.Sandbox.DeleteAsync("/_sandbox/distributors/faults");
        }
    }

    [Fact]
    public async Task A_refused_salesos_client_is_listed_with_what_to_do_and_the_new_states_are_labelled()
    {
        var credential = host.Services.GetRequiredService<SalesOsCredentialState>();
        credential.MarkBroken("401 invalid_client: client revoked", DateTimeOffset.UtcNow);
        var page = await host.NewPageAsync();
        try
        {
            await ConsoleBrowser.RunAsync(page, nameof(A_refused_salesos_client_is_listed_with_what_to_do_and_the_new_states_are_labelled), async () =>
            {
                await page.GotoAsync("/console");
                await page.GetByLabel("Chave de API").FillAsync(ConsoleHost.ReaderKey);
                await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
                var entry = page.GetByTestId("credential-salesos-credential");
                await Expect(entry).ToContainTextAsync("Cliente de API do SalesOS", new() { Timeout = 60_000 });
                await Expect(entry).ToContainTextAsync("401 invalid_client: client revoked");
                Assert.Equal("/console/help#salesos-credential", await entry.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
                await Expect(page.GetByTestId("attention-awaiting-city")).ToContainTextAsync("aguardando a prefeitura");
                var byState = page.Locator("section[aria-labelledby=by-state]");
                await Expect(byState).ToContainTextAsync("NFS-e cancelada");
                await Expect(byState).ToContainTextAsync("cancelamento solicitado");
                await Expect(byState).ToContainTextAsync("pago");
            });
        }
        finally
        {
            credential.MarkWorking();
        }
    }
}
