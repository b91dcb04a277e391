using ErpConnector.Domain.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Omie;

public static class OmieServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IOmieClient"/>/<see cref="OmieClient"/>, its <see cref="OmieTransport"/>, the process-wide
    /// <see cref="OmieRateLimiter"/> and <see cref="OmieRecordLocks"/>, and the <see cref="StatedWaitLimit"/> of
    /// <see cref="OmieOptions.MaxStatedWait"/> (for the error classifier too) as singletons, with <see cref="OmieOptions"/> bound from <c>configuration.GetSection("Omie")</c>
    /// (<paramref name="configuration"/> is the root configuration) and validated at start-up.
    /// </summary>
    public static IServiceCollection AddOmieClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OmieOptions>()
            .Bind(configuration.GetSection(OmieOptions.SectionName))
            .ValidateOnStart();
        return AddCore(services);
    }

    /// <summary>As <see cref="AddOmieClient(IServiceCollection, IConfiguration)"/>, binding with
    /// <c>BindConfiguration("Omie")</c> against the host's registered <see cref="IConfiguration"/>.</summary>
    public static IServiceCollection AddOmieClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OmieOptions>()
            .BindConfiguration(OmieOptions.SectionName)
            .ValidateOnStart();
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OmieOptions>, OmieOptionsValidator>());
        services.TryAddSingleton(sp => new OmieRateLimiter(
            sp.GetRequiredService<IOptions<OmieOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton(sp => new StatedWaitLimit(
            sp.GetRequiredService<IOptions<OmieOptions>>().Value.MaxStatedWait,
            sp.GetService<ILogger<StatedWaitLimit>>() ?? NullLogger<StatedWaitLimit>.Instance));
        services.TryAddSingleton<OmieRecordLocks>();
        services.TryAddSingleton(sp => new OmieTransport(
            sp.GetRequiredService<IOptions<OmieOptions>>().Value,
            sp.GetRequiredService<OmieRateLimiter>(),
            sp.GetRequiredService<OmieRecordLocks>(),
            sp.GetService<ILogger<OmieTransport>>() ?? NullLogger<OmieTransport>.Instance,
            waitLimit: sp.GetRequiredService<StatedWaitLimit>()));
        services.TryAddSingleton(sp => new OmieClient(
            sp.GetRequiredService<OmieTransport>(),
            sp.GetService<ILogger<OmieClient>>() ?? NullLogger<OmieClient>.Instance));
        services.TryAddSingleton<IOmieClient>(sp => sp.GetRequiredService<OmieClient>());
        return services;
    }
}
