using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Configuration;

/// <summary>Options that are reloaded from files someone edits while the service runs (credential files): a change
/// that fails validation — a half-finished edit, a typo — is logged with the keys at fault, and the last valid
/// settings stay in force. Without this, every reader of <see cref="CurrentValue"/> would throw until the file is
/// fixed: runs, test-connection and status would all fail. At start-up there is no last valid value, so an invalid
/// configuration still stops the service (ValidateOnStart goes through <see cref="Get"/>).</summary>
public sealed class LastValidOptionsMonitor<T>(IOptionsMonitor<T> inner, ILogger<LastValidOptionsMonitor<T>> logger) : IOptionsMonitor<T>
    where T : class
{
    private readonly Dictionary<string, T> _lastValid = new();
    private readonly Lock _gate = new();
    private string? _lastError;

    public T CurrentValue => Get(Options.DefaultName);

    public T Get(string? name)
    {
        name ??= Options.DefaultName;
        try
        {
            var value = inner.Get(name);
            lock (_gate)
            {
                _lastValid[name] = value;
                _lastError = null;
            }
            return value;
        }
        catch (OptionsValidationException ex)
        {
            lock (_gate)
            {
                if (!_lastValid.TryGetValue(name, out var previous)) throw;
                if (_lastError != ex.Message)
                {
                    _lastError = ex.Message;
                    logger.LogError("Changed {Options} settings are invalid and were not applied; the previous ones stay in force until they are fixed: {Failures}",
                        typeof(T).Name, string.Join(" ", ex.Failures));
                }
                return previous;
            }
        }
    }

    public IDisposable? OnChange(Action<T, string?> listener) => inner.OnChange(listener);
}
