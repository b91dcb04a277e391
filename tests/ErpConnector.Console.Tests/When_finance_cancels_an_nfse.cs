using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ErpConnector.Service.Console.Actions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ErpConnector.Console.Tests;

/// <summary>Cancel NFS-e in the browser: the API's reason rule beside the field, a confirmation step, the same
/// application service (DealCancelRequest) as POST /api/deals/{id}/cancel, and the scope gate.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class When_finance_cancels_an_nfse(ConsoleHost host) : IAsyncLifetime
{
    private const string Reason = "Serviço não prestado: o cliente desistiu do contrato";
    private static readonly PageAssertionsToHaveURLOptions Slow = new() { Timeout = 60_000 };

    public Task InitializeAsync() => host.ClearFaultsAsync();

    public Task DisposeAsync() => host.ClearFaultsAsync();

    [Fact]
    public async Task A_short_reason_is_refused_beside_the_field_and_a_confirmed_one_cancels_the_nfse()
    {
        var dealId = await host.PostDealAsync();
        await host.WaitForStateAsync(dealId, "issued");

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_short_reason_is_refused_beside_the_field_and_a_confirmed_one_cancels_the_nfse), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            await page.GotoAsync($"/console/deals/{dealId}");
            await page.GetByTestId("cancel-nfse").ClickAsync();
            await Expect(page).ToHaveURLAsync(CancelPage(), Slow);

            await page.GetByLabel("Motivo do cancelamento (obrigatório)").FillAsync("desistiu");
            await page.GetByTestId("cancel-continue").ClickAsync();
            await Expect(page.GetByTestId("cancel-reason-error")).ToContainTextAsync("15 a 255 caracteres", new() { Timeout = 60_000 });
            await Expect(page.GetByLabel("Motivo do cancelamento (obrigatório)")).ToHaveValueAsync("desistiu");
            await Expect(page.GetByTestId("cancel-confirm")).ToHaveCountAsync(0);

            await page.GetByLabel("Motivo do cancelamento (obrigatório)").FillAsync(Reason);
            await page.GetByTestId("cancel-continue").ClickAsync();
            await Expect(page.GetByTestId("cancel-confirm-question")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("cancel-reason-echo")).ToHaveTextAsync(Reason);
            await page.GetByTestId("cancel-confirm").ClickAsync();

            // Requested first (the outcome and the history's entry, written before the redirect)...
            await Expect(page.GetByTestId("outcome")).ToContainTextAsync("Cancelamento solicitado", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("timeline")).ToContainTextAsync($"Cancellation requested by {ConsoleHost.AdminName}: {Reason}");
            await Expect(page.GetByTestId("cancellation")).ToContainTextAsync(ConsoleHost.AdminName);
            // ...then cancelled once the simulator's city confirms.
            await host.WaitForStateAsync(dealId, "cancelled");
            await page.ReloadAsync();
            await Expect(page.GetByTestId("state").First).ToHaveTextAsync("NFS-e cancelada", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("cancelled-at")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("timeline")).ToContainTextAsync("cancelamento solicitado");
            await Expect(page.GetByTestId("cancel-nfse")).ToHaveCountAsync(0);
        });
        var deal = await host.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal(Reason, deal!["cancellation"]!["reason"]!.GetValue<string>());
        var audit = await host.Services.GetRequiredService<ConsoleAudit>().RecentAsync("deal:" + dealId, 10, default);
        var entry = Assert.Single(audit, a => a.Action == "cancel-nfse");
        Assert.Equal((ConsoleHost.AdminName, "cancel-requested", Reason), (entry.Who, entry.Outcome, entry.Detail));
        Assert.Equal(ConsoleHost.AdminName, deal["cancellation"]!["requestedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_confirmation_posted_with_a_short_reason_is_refused_by_the_server()
    {
        var dealId = await host.PostDealAsync();
        await host.WaitForStateAsync(dealId, "issued");

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_confirmation_posted_with_a_short_reason_is_refused_by_the_server), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            await page.GotoAsync($"/console/deals/{dealId}/cancel");
            var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
            // Skipping the first step does not skip the rule: the server checks the reason on every post.
            var skipped = await page.Context.APIRequest.PostAsync($"/console/deals/{dealId}/cancel", new()
            {
                Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token)
                    .Set("_handler", "cancel-nfse").Set("step", "confirm").Set("reason", "curto"),
                MaxRedirects = 0,
            });
            Assert.Equal(422, skipped.Status);
        });
        var deal = await host.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal("issued", deal!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_confirmation_posted_twice_starts_one_cancellation_and_the_second_hears_it_is_under_way()
    {
        var dealId = await host.PostDealAsync();
        await host.WaitForStateAsync(dealId, "issued");

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_confirmation_posted_twice_starts_one_cancellation_and_the_second_hears_it_is_under_way), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            await page.GotoAsync($"/console/deals/{dealId}/cancel");
            var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
            async Task<IAPIResponse> ConfirmAsync() => await page.Context.APIRequest.PostAsync($"/console/deals/{dealId}/cancel", new()
            {
                Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token)
                    .Set("_handler", "cancel-nfse").Set("step", "confirm").Set("reason", Reason),
                MaxRedirects = 0,
            });
            var first = await ConfirmAsync();
            Assert.Equal(302, first.Status);
            Assert.EndsWith("?done=cancel-requested", first.Headers["location"]);
            // The deal is no longer "issued": the page's own check would stop here, the service answers instead.
            var second = await ConfirmAsync();
            Assert.Equal(302, second.Status);
            Assert.Matches("done=(cancel-joined|already-cancelled)$", second.Headers["location"]);
        });
        await host.WaitForStateAsync(dealId, "cancelled");
        var audit = await host.Services.GetRequiredService<ConsoleAudit>().RecentAsync("deal:" + dealId, 10, default);
        Assert.Single(audit, a => a.Outcome == "cancel-requested");
    }

    [Fact]
    public async Task A_read_only_key_sees_no_cancel_button_and_a_forged_cancel_is_refused()
    {
        var dealId = await host.PostDealAsync();
        await host.WaitForStateAsync(dealId, "issued");

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_read_only_key_sees_no_cancel_button_and_a_forged_cancel_is_refused), async () =>
        {
            await SignInAsync(page, ConsoleHost.ReaderKey);
            await page.GotoAsync($"/console/deals/{dealId}");
            await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nfse-number")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("cancel-nfse")).ToHaveCountAsync(0);
            await page.GotoAsync($"/console/deals/{dealId}/cancel");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Acesso negado");
            await page.GotoAsync($"/console/deals/{dealId}");

            // This session's own valid antiforgery token, on the confirmation step's exact form: refused by scope.
            var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
            var forged = await page.Context.APIRequest.PostAsync($"/console/deals/{dealId}/cancel", new()
            {
                Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token)
                    .Set("_handler", "cancel-nfse").Set("step", "confirm").Set("reason", Reason),
                MaxRedirects = 0,
            });
            Assert.Equal(403, forged.Status);
        });
        var deal = await host.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal("issued", deal!["state"]!.GetValue<string>());
        Assert.Null(deal["cancellation"]);
    }

    [Fact]
    public async Task An_issued_deal_links_its_documents_and_the_archived_xml_downloads_under_the_console_session()
    {
        var dealId = await host.PostDealAsync();
        var issued = await host.WaitForStateAsync(dealId, "issued");
        var number = issued["nfse"]!["number"]!.GetValue<string>();

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(An_issued_deal_links_its_documents_and_the_archived_xml_downloads_under_the_console_session), async () =>
        {
            // Without a session the XML is not served but sent to sign in (the API twin needs X-Api-Key; this one the cookie).
            var anonymous = await page.Context.APIRequest.GetAsync($"/console/deals/{dealId}/nfse.xml", new() { MaxRedirects = 0 });
            Assert.Equal(302, anonymous.Status);
            Assert.Contains("/console/sign-in", anonymous.Headers["location"]);

            await SignInAsync(page, ConsoleHost.ReaderKey);
            await page.GotoAsync($"/console/deals/{dealId}");
            await Expect(page.GetByTestId("nfse-number")).ToHaveTextAsync(number);
            await Expect(page.GetByTestId("nfse-xml")).ToBeVisibleAsync();
            var href = await page.GetByTestId("nfse-xml").GetAttributeAsync("href");
            var xml = await page.Context.APIRequest.GetAsync(href!);
            Assert.Equal(200, xml.Status);
            Assert.StartsWith("application/xml", xml.Headers["content-type"]);
            Assert.Contains("attachment", xml.Headers["content-disposition"]);
            Assert.Equal("sandbox", xml.Headers["content-security-policy"]);
            Assert.Contains(number, await xml.TextAsync());
        });
    }

    [GeneratedRegex("/console/deals/[^/]+/cancel$")]
    private static partial Regex CancelPage();

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await page.GetByLabel("Chave de API").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByTestId("who")).ToBeVisibleAsync();
    }
}
