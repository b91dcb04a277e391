using System.Text;
using ErpConnector.Omie;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals.MunicipalCodes;

/// <summary>
/// The municipal service codes Omie knows for a city — its municipal code list (<c>servicos/listaservico/</c>) plus
/// the codes of the active registered services (<c>servicos/servico/</c>) — read once per city and kept for
/// <see cref="MunicipalCodeCheckOptions.CacheFor"/>. One read per city at a time: concurrent intakes share it.
/// </summary>
public sealed partial class MunicipalCodeCatalogue(
    IOmieClient omie,
    OmieRateLimiter limiter,
    IOptions<MunicipalCodeCheckOptions> options,
    TimeProvider clock,
    ILogger<MunicipalCodeCatalogue> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<CityCodes>> _byCity = new(StringComparer.Ordinal);

    /// <summary>The codes known for <paramref name="city"/>, or null when nobody can say: the list could not be read,
    /// is empty for the city, or did not arrive within <see cref="MunicipalCodeCheckOptions.IntakeTimeout"/>.</summary>
    public async Task<IReadOnlySet<string>?> CodesForAsync(string city, CancellationToken ct)
    {
        var key = Normalise(city);
        TaskCompletionSource<CityCodes>? reader = null;
        Task<CityCodes> lookup;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (!_byCity.TryGetValue(key, out lookup!) || (lookup.IsCompleted && now >= lookup.Result.ExpiresAt))
            {
                // Omie paused for this app_key (MISUSE): no call may go out, and the deal must not wait for one.
                if (limiter.IsPaused)
                {
                    LogPaused(Display(city));
                    return null;
                }
                reader = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _byCity[key] = lookup = reader.Task;
            }
        }
        // Read outside the lock; the caller's token is not the read's: one impatient caller must not spoil the cache.
        if (reader is not null) _ = ReadAsync(city, key, reader);

        try
        {
            return (await lookup.WaitAsync(options.Value.IntakeTimeout, clock, ct)).Codes;
        }
        catch (TimeoutException)
        {
            LogSlow(Display(city), options.Value.IntakeTimeout.TotalMilliseconds);
            return null;
        }
    }

    /// <summary>Upper case, without accents, spaces or punctuation: "São Paulo (SP)" and "SAO PAULO (SP)" are one city,
    /// "01.015" and "01015" one code.</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c)) continue;
            var upper = char.ToUpperInvariant(c);
            // The service runs with InvariantGlobalization, where string.Normalize cannot decompose accents:
            // Portuguese's own accented letters are folded by hand.
            var at = Accented.IndexOf(upper, StringComparison.Ordinal);
            builder.Append(at >= 0 ? Plain[at] : upper);
        }
        return builder.ToString();
    }

    private const string Accented = "ÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑ";
    private const string Plain = "AAAAAEEEEIIIIOOOOOUUUUCN";

    private async Task ReadAsync(string city, string key, TaskCompletionSource<CityCodes> reader)
    {
        var o = options.Value;
        try
        {
            using var deadline = new CancellationTokenSource(o.FetchTimeout, clock);
            var list = await omie.ListMunicipalServiceCodesAsync(deadline.Token).ConfigureAwait(false);
            var inCity = list?.Where(c => key.Length == 0 || Normalise(c.City) == key).Select(c => Normalise(c.Code)).ToList();
            if (inCity is not { Count: > 0 })
            {
                LogNoList(Display(city));
                reader.SetResult(Unknown());
                return;
            }
            var services = await omie.ListRegisteredServicesAsync(deadline.Token).ConfigureAwait(false);
            var codes = new HashSet<string>(inCity, StringComparer.Ordinal);
            codes.UnionWith(services.Where(s => !s.Inactive).Select(s => Normalise(s.MunicipalCode)).Where(c => c.Length > 0));
            LogRead(Display(city), codes.Count);
            reader.SetResult(new CityCodes(codes, clock.GetUtcNow() + o.CacheFor));
        }
        catch (Exception e)
        {
            // Omie down, throttled, paused or too slow: the city remains the judge. Information, not Warning: the
            // deal goes on normally and nothing needs a person.
            LogUnavailable(Display(city), e.GetType().Name, e.Message);
            reader.SetResult(Unknown());
        }
    }

    private CityCodes Unknown() => new(null, clock.GetUtcNow() + options.Value.RetryUnavailableAfter);

    private static string Display(string city) => string.IsNullOrWhiteSpace(city) ? "(the company's city)" : city;

    private sealed record CityCodes(IReadOnlySet<string>? Codes, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Municipal service codes of {City}: {Count} codes read from Omie")]
    private partial void LogRead(string city, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Municipal service codes of {City}: Omie holds no list; deals proceed unchecked and the city judges their codes")]
    private partial void LogNoList(string city);

    [LoggerMessage(Level = LogLevel.Information, Message = "Municipal service codes of {City} could not be read ({Error}: {Reason}); deals proceed unchecked and the city judges their codes")]
    private partial void LogUnavailable(string city, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Municipal service codes of {City} not read: Omie is paused for this app; deals proceed unchecked")]
    private partial void LogPaused(string city);

    [LoggerMessage(Level = LogLevel.Information, Message = "Municipal service codes of {City} not read within {TimeoutMs:0} ms; this deal proceeds unchecked")]
    private partial void LogSlow(string city, double timeoutMs);
}
