using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Postgres.Prices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErpConnector.Persistence.Prices;

public static class PriceSnapshotServiceCollectionExtensions
{
    /// <summary>Stores for distributor runs and price snapshots (needs ConnectionFactory, from AddPersistence): SQLite,
    /// or PostgreSQL when Persistence:Provider is 'postgres'. The provider is read when a store is first resolved.</summary>
    public static IServiceCollection AddSqlitePriceSnapshots(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteFeedRunStore>();
        services.TryAddSingleton<SqlitePriceSnapshotStore>();
        services.TryAddSingleton<PostgresFeedRunStore>();
        services.TryAddSingleton<PostgresPriceSnapshotStore>();
        services.TryAddSingleton<IFeedRunStore>(sp => sp.GetRequiredService<ConnectionFactory>().IsPostgres
            ? sp.GetRequiredService<PostgresFeedRunStore>()
            : sp.GetRequiredService<SqliteFeedRunStore>());
        services.TryAddSingleton<SqliteBestPriceStore>();
        services.TryAddSingleton<PostgresBestPriceStore>();
        services.TryAddSingleton<ErpConnector.Distributors.BestPrice.IBestPriceStore>(sp => sp.GetRequiredService<ConnectionFactory>().IsPostgres
            ? sp.GetRequiredService<PostgresBestPriceStore>()
            : sp.GetRequiredService<SqliteBestPriceStore>());
        services.TryAddSingleton<IPriceSnapshotStore>(sp => sp.GetRequiredService<ConnectionFactory>().IsPostgres
            ? sp.GetRequiredService<PostgresPriceSnapshotStore>()
            : sp.GetRequiredService<SqlitePriceSnapshotStore>());
        return services;
    }
}
