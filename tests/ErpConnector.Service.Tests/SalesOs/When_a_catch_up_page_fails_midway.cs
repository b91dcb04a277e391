using System.Text.Json;
using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.SalesOs;
using ErpConnector.SalesOs;
using ErpConnector.Service.SalesOs;
using ErpConnector.Service.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Service.Tests.SalesOs;

/// <summary>The catch-up's cursor when SalesOS fails between pages. The order of SalesOS's listing is UNCONFIRMED
/// (newest first is common): a cursor moved past the first page's newest deal before the later pages were read
/// would skip every older deal on them for good.</summary>
public sealed class When_a_catch_up_page_fails_midway : IAsyncLifetime
{
    private readonly InProcessService _service = new();

    public Task InitializeAsync() => _service.InitializeAsync();
    public Task DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task The_cursor_stays_put_and_the_next_run_records_the_deals_of_the_failed_page()
    {
        var now = DateTimeOffset.UtcNow;
        var newest = $"SOS-new-{Guid.NewGuid():N}";
        var older = $"SOS-old-{Guid.NewGuid():N}";
        var salesOs = new NewestFirstSalesOs([(newest, now.AddMinutes(-2))], [(older, now.AddMinutes(-30))]);
        var job = ActivatorUtilities.CreateInstance<SalesOsCatchUpJob>(_service.Services, (ISalesOsClient)salesOs);
        var settings = new SalesOsCatchUpOptions();
        var sync = _service.Services.GetRequiredService<SalesOsSyncStore>();
        var before = (await sync.GetAsync(SalesOsCatchUpJob.CursorName, default))?.At;

        await Assert.ThrowsAsync<HttpRequestException>(() => job.RunAsync(settings, default)); // page 2 is lost
        Assert.Equal(before, (await sync.GetAsync(SalesOsCatchUpJob.CursorName, default))?.At);

        await job.RunAsync(settings, default);
        var ledger = _service.Services.GetRequiredService<IDealLedger>();
        Assert.NotNull(await ledger.GetAsync(newest, default));
        Assert.NotNull(await ledger.GetAsync(older, default)); // listed again, not skipped
        Assert.True((await sync.GetAsync(SalesOsCatchUpJob.CursorName, default))!.At >= now.AddMinutes(-2).AddSeconds(-1)); // kept to the millisecond
    }

    /// <summary>Two pages, newest first, honouring updated_after; the second page fails the first time it is asked for.</summary>
    private sealed class NewestFirstSalesOs((string Id, DateTimeOffset At)[] first, (string Id, DateTimeOffset At)[] second) : ISalesOsClient
    {
        private int _secondAsked;

        public Task<SalesOsDealPage> ListWonDealsAsync(DateTimeOffset updatedAfter, string? cursor, int limit, CancellationToken ct)
        {
            if (cursor is null) return Task.FromResult(Page(first, updatedAfter, "page-2"));
            if (Interlocked.Increment(ref _secondAsked) == 1) throw new HttpRequestException("connection reset while reading page 2");
            return Task.FromResult(Page(second, updatedAfter, null));
        }

        public Task UpdateCustomFieldsAsync(string dealId, IReadOnlyDictionary<string, string?> customFields, CancellationToken ct) => Task.CompletedTask;

        private static SalesOsDealPage Page((string Id, DateTimeOffset At)[] deals, DateTimeOffset updatedAfter, string? next) =>
            new(deals.Where(d => d.At > updatedAfter)
                .Select(d => JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["id"] = d.Id, ["status"] = "won", ["updated_at"] = d.At.ToString("O") }))
                .ToList(), next);
    }
}
