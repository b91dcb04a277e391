using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.Postgres.Deals;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddOptions<PersistenceOptions>()
            .BindConfiguration(PersistenceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        // The provider is read when the ledger is first resolved, so tests and hosts can override the options.
        services.AddSingleton<SqliteLedgerWriter>();
        services.AddSingleton<LedgerWriter>(sp => sp.GetRequiredService<ConnectionFactory>() is { IsPostgres: true } connections
            ? new LedgerWriter(connections)
            : sp.GetRequiredService<SqliteLedgerWriter>());
        services.AddSingleton<SalesOs.SalesOsWriteBackStore>();
        services.AddSingleton<SalesOs.SalesOsSyncStore>();
        services.AddSingleton<SqliteDealLedger>();
        services.AddSingleton<PostgresDealLedger>();
        services.AddSingleton<DealBoard>();
        services.AddSingleton<IDealLedger>(sp => sp.GetRequiredService<ConnectionFactory>().IsPostgres
            ? sp.GetRequiredService<PostgresDealLedger>()
            : sp.GetRequiredService<SqliteDealLedger>());
        services.AddSingleton<NfseDocumentArchive>();
        services.AddSingleton<OmieCustomerRegistry>();
        services.AddSingleton<Omie.OmiePushDeliveries>();
        return services;
    }
}
