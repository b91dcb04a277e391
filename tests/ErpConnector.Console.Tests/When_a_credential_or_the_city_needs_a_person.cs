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
