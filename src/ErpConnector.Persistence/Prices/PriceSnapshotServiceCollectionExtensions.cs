using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErpConnector.Persistence.Prices;

public static class PriceSnapshotServiceCollectionExtensions
{
    /// <summary>SQLite stores for distributor runs and price snapshots (needs ConnectionFactory, from AddPersistence).</summary>
    public static IServiceCollection AddSqlitePriceSnapshots(this IServiceCollection services)
    {
        services.TryAddSingleton<IFeedRunStore, SqliteFeedRunStore>();
        services.TryAddSingleton<IPriceSnapshotStore, SqlitePriceSnapshotStore>();
        return services;
    }
}
