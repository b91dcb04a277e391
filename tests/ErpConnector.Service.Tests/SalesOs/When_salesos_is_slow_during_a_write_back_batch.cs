using ErpConnector.Persistence;
using ErpConnector.Persistence.SalesOs;
using ErpConnector.SalesOs;
using ErpConnector.Service.SalesOs;
using ErpConnector.Service.Tests.Api;
using ErpConnector.TestSupport.Deals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ErpConnector.Service.Tests.SalesOs;

/// <summary>A write-back batch shares one lease and is written row by row. With SalesOS slow, a write started late
/// could outlive the lease: another worker would claim the row and write a newer state (cancelled), and the late
/// write (issued) would land after it, leaving SalesOS showing an older state for good.</summary>
public sealed class When_salesos_is_slow_during_a_write_back_batch : IAsyncLifetime
{
    private readonly InProcessService _service = new();

    public Task InitializeAsync() => _service.InitializeAsync();
    public Task DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task No_write_is_started_that_could_outlive_the_batchs_lease()
    {
        var t0 = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(t0);
        var settings = new SalesOsWriteBackOptions { Enabled = true, Lease = TimeSpan.FromMinutes(2), BatchSize = 10 };
        var client = _service.Services.GetRequiredService<IOptions<SalesOsOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(75), client.Timeout * 3 + client.MaxInlineRetryAfter); // the defaults: within the 2-minute lease
        var first = await EnlistedIssuedDealAsync(t0.AddSeconds(-2));
        var second = await EnlistedIssuedDealAsync(t0.AddSeconds(-1));
        var salesOs = new SlowSalesOs(clock, TimeSpan.FromSeconds(60));
        var job = ActivatorUtilities.CreateInstance<SalesOsWriteBackJob>(_service.Services,
            (ISalesOsClient)salesOs, (IOptionsMonitor<SalesOsWriteBackOptions>)new FixedMonitor<SalesOsWriteBackOptions>(settings), (TimeProvider)clock);

        await job.Execute(null!, default);

        // The first write started with the whole lease ahead; the second, 60 s in, could have run until 135 s: not started.
        Assert.Equal([(first, TimeSpan.Zero)], salesOs.Writes.Select(w => (w.DealId, w.At - t0)));
        var outbox = _service.Services.GetRequiredService<SalesOsWriteBackStore>();
        Assert.Equal(SalesOsWriteBackStore.Pending, (await outbox.GetAsync(second, default))!.Status);

        clock.SetUtcNow(t0 + settings.Lease + TimeSpan.FromSeconds(1)); // the lease lapsed: the row is claimed again
        await job.Execute(null!, default);
        Assert.Equal(second, salesOs.Writes[^1].DealId);
        Assert.Equal(SalesOsWriteBackStore.Delivered, (await outbox.GetAsync(second, default))!.Status);
    }

    private async Task<string> EnlistedIssuedDealAsync(DateTimeOffset at)
    {
        var won = DealWonBuilder.AWonDeal().Build();
        await _service.SeedIssuedDealAsync(won, stuck: false);
        await using var db = await _service.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await SalesOsWriteBackStore.EnlistAsync(db, tx, won.DealId, 5, "issued", """{"nfseNumber":"1"}""", at, default);
        await tx.CommitAsync();
        return won.DealId;
    }

    private sealed class SlowSalesOs(FakeTimeProvider clock, TimeSpan each) : ISalesOsClient
    {
        public List<(string DealId, DateTimeOffset At)> Writes { get; } = [];

        public Task<SalesOsDealPage> ListWonDealsAsync(DateTimeOffset updatedAfter, string? cursor, int limit, CancellationToken ct) =>
            Task.FromResult(new SalesOsDealPage([], null));

        public Task UpdateCustomFieldsAsync(string dealId, IReadOnlyDictionary<string, string?> customFields, CancellationToken ct)
        {
            Writes.Add((dealId, clock.GetUtcNow()));
            clock.Advance(each);
            return Task.CompletedTask;
        }
    }

    private sealed class FixedMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
