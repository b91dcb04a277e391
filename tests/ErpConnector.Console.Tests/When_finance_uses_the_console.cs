using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ErpConnector.Console.Tests;

/// <summary>The console in a real browser (headless Debian chromium) against the real service and simulator.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class When_finance_uses_the_console(ConsoleHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ClearFaultsAsync();

    public Task DisposeAsync() => host.ClearFaultsAsync();

    [Fact]
    public async Task A_valid_key_signs_in_and_the_overview_names_the_person()
    {
        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_valid_key_signs_in_and_the_overview_names_the_person), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            await Expect(page.GetByTestId("who")).ToContainTextAsync(ConsoleHost.AdminName);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Visão geral");
            await Expect(page.GetByTestId("attention-failed")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_clear_message()
    {
        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_wrong_key_is_refused_with_a_clear_message), async () =>
        {
            await SignInAsync(page, "not-a-key-anyone-was-given");
            await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("Chave de API não reconhecida");
            await page.GotoAsync("/console/deals");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
        });
    }

    [Fact]
    public async Task A_deal_failed_by_the_city_shows_its_corrective_action_and_a_retry_issues_it()
    {
        await host.InjectAsync(new { kind = "city-rejects", code = "E0310", message = "Código de tributação nacional inexistente", count = 1 });
        var dealId = await host.PostDealAsync();
        var failed = await host.WaitForStateAsync(dealId, "failed");
        var corrective = failed["lastError"]!["correctiveAction"]!.GetValue<string>();

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_deal_failed_by_the_city_shows_its_corrective_action_and_a_retry_issues_it), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            await page.GotoAsync("/console/deals?state=failed&q=" + Uri.EscapeDataString(dealId));
            var row = page.GetByTestId("attention-list").Locator("tr", new() { HasText = dealId });
            await Expect(row).ToContainTextAsync("Código de tributação nacional inexistente");
            await Expect(row).ToContainTextAsync(corrective);
            // README's picture of the console: CONSOLE_SCREENSHOT=docs/console.png dotnet test … --filter A_deal_failed
            if (Environment.GetEnvironmentVariable("CONSOLE_SCREENSHOT") is { Length: > 0 } picture)
            {
                await page.SetViewportSizeAsync(1400, 900);
                await page.ScreenshotAsync(new() { Path = picture });
            }

            await row.GetByRole(AriaRole.Link, new() { Name = dealId }).ClickAsync();
            await Expect(page.GetByTestId("corrective-action")).ToHaveTextAsync(corrective);

            // The fault was for one call only and is cleared: the retry goes through to an NFS-e.
            await host.ClearFaultsAsync();
            await page.GetByTestId("retry").ClickAsync();
            await Expect(page.GetByTestId("outcome")).ToContainTextAsync("Nova tentativa iniciada");
            await host.WaitForStateAsync(dealId, "issued");
            await page.ReloadAsync();
            await Expect(page.GetByTestId("state").First).ToHaveTextAsync("NFS-e emitida");
            await Expect(page.GetByTestId("nfse-number")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("timeline")).ToContainTextAsync($"Retry requested by {ConsoleHost.AdminName}");
        });
    }

    [Fact]
    public async Task Dismiss_records_who_and_why()
    {
        await host.InjectAsync(new { kind = "city-rejects", code = "E0310", message = "Código de tributação nacional inexistente", count = 1 });
        var dealId = await host.PostDealAsync();
        await host.WaitForStateAsync(dealId, "failed");

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(Dismiss_records_who_and_why), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            await page.GotoAsync($"/console/deals/{dealId}");
            await page.GetByLabel("Motivo (obrigatório)").FillAsync("NFS-e emitida à mão no portal da prefeitura");
            await page.GetByTestId("dismiss").ClickAsync();
            await Expect(page.GetByTestId("outcome")).ToContainTextAsync("Negócio dispensado");
            await Expect(page.GetByTestId("state").First).ToHaveTextAsync("dispensado");
            await Expect(page.GetByTestId("timeline"))
                .ToContainTextAsync($"Dismissed by {ConsoleHost.AdminName}: NFS-e emitida à mão no portal da prefeitura");
        });
        var deal = await host.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal("dismissed", deal!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_read_only_key_sees_no_buttons_and_a_forged_post_is_refused()
    {
        await host.InjectAsync(new { kind = "city-rejects", code = "E0310", message = "Código de tributação nacional inexistente", count = 1 });
        var dealId = await host.PostDealAsync();
        await host.WaitForStateAsync(dealId, "failed");

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_read_only_key_sees_no_buttons_and_a_forged_post_is_refused), async () =>
        {
            await SignInAsync(page, ConsoleHost.ReaderKey);
            await page.GotoAsync($"/console/deals/{dealId}");
            await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("retry")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("dismiss")).ToHaveCountAsync(0);
            await page.GotoAsync("/console/feeds");
            await Expect(page.GetByTestId($"refetch-{ConsoleHost.FeedId}")).ToHaveCountAsync(0);

            // The same form the admin gets, with this session's own valid antiforgery token: refused by scope.
            var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
            var forged = await page.Context.APIRequest.PostAsync($"/console/deals/{dealId}/dismiss", new()
            {
                Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("reason", "forged"),
                MaxRedirects = 0,
            });
            Assert.Equal(403, forged.Status);
            var refetch = await page.Context.APIRequest.PostAsync($"/console/feeds/{ConsoleHost.FeedId}/refetch", new()
            {
                Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token),
                MaxRedirects = 0,
            });
            Assert.Equal(403, refetch.Status);
        });
        var deal = await host.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal("failed", deal!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await host.InjectAsync(new { kind = "city-rejects", code = "E0310", message = "Código de tributação nacional inexistente", count = 1 });
        var dealId = await host.PostDealAsync();
        await host.WaitForStateAsync(dealId, "failed");

        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(A_post_without_the_antiforgery_token_is_refused), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            var forged = await page.Context.APIRequest.PostAsync($"/console/deals/{dealId}/dismiss", new()
            {
                Form = page.Context.APIRequest.CreateFormData().Set("reason", "no token"),
                MaxRedirects = 0,
            });
            Assert.Equal(400, forged.Status);
        });
        var deal = await host.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal("failed", deal!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refetch_shows_the_progress_bar_reach_the_outcome()
    {
        var page = await host.NewPageAsync();
        await ConsoleBrowser.RunAsync(page, nameof(Refetch_shows_the_progress_bar_reach_the_outcome), async () =>
        {
            await SignInAsync(page, ConsoleHost.AdminKey);
            await page.GotoAsync("/console/feeds");
            await page.GetByTestId($"refetch-{ConsoleHost.FeedId}").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/console/feeds/{ConsoleHost.FeedId}/runs/"));
            var bar = page.GetByTestId("run-progress");
            await Expect(bar).ToBeVisibleAsync();
            await Expect(page.GetByTestId("run-outcome")).ToContainTextAsync("aplicada", new() { Timeout = 60_000 });
            Assert.Equal(await bar.GetAttributeAsync("max"), await bar.GetAttributeAsync("value"));
            await Expect(page.GetByTestId("run-counters")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9][\d.]* linhas lidas"));
        });
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
        await page.GetByLabel("Chave de API").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
    }
}
