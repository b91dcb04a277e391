using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.SalesOs;

public static class SalesOsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ISalesOsClient"/> (singleton), its <see cref="SalesOsPacer"/> and
    /// <see cref="SalesOsCredentialState"/>, with <see cref="SalesOsOptions"/> bound from "SalesOS" and validated at start.</summary>
    public static IServiceCollection AddSalesOsClient(this IServiceCollection services)
    {
        services.AddOptions<SalesOsOptions>().BindConfiguration(SalesOsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesOsOptions>, SalesOsOptionsValidation>());
        services.TryAddSingleton(sp => new SalesOsPacer(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<SalesOsCredentialState>();
        services.TryAddSingleton(sp => new SalesOsClient(
            sp.GetRequiredService<IOptions<SalesOsOptions>>().Value,
            sp.GetRequiredService<SalesOsPacer>(),
            sp.GetRequiredService<SalesOsCredentialState>(),
            sp.GetService<ILogger<SalesOsClient>>() ?? NullLogger<SalesOsClient>.Instance));
        services.TryAddSingleton<ISalesOsClient>(sp => sp.GetRequiredService<SalesOsClient>());
        return services;
    }
}
