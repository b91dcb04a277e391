using ErpConnector.Persistence.Deals;
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
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<IDealLedger, SqliteDealLedger>();
        return services;
    }
}
