using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Files;
using ErpConnector.Distributors.Rest;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErpConnector.Distributors;

public static class PriceFeedServiceCollectionExtensions
{
    /// <summary>Adapters, diffing, runs and status. The host adds the stores (IFeedRunStore, IPriceSnapshotStore),
    /// an IFeedEventPublisher and, if it has a scheduler, its own IFeedRunDispatcher and IFeedScheduleClock.</summary>
    public static IServiceCollection AddPriceFeedCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(FilePriceFeedAdapter.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(RestPriceFeedAdapter.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<OAuthTokenCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPriceFeedAdapter, FilePriceFeedAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPriceFeedAdapter, RestPriceFeedAdapter>());
        services.TryAddSingleton<FeedMetrics>();
        services.TryAddSingleton<BestPrice.BestPriceRecompute>();
        services.TryAddSingleton<FeedEventOutbox>();
        services.TryAddSingleton<FeedRunner>();
        services.TryAddSingleton<FeedRunCoordinator>();
        services.TryAddSingleton<FeedStatusReader>();
        services.TryAddSingleton<IFeedScheduleClock, NoFeedScheduleClock>();
        services.TryAddSingleton<IFeedRunDispatcher, InProcessFeedRunDispatcher>();
        return services;
    }
}
