using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ErpConnector.TestSupport.Logging;

/// <summary>
/// A logger provider a test adds to a host at every level (Trace included, whatever the console level), to search
/// everything logged for secrets. It keeps nothing until a test calls <see cref="Start"/>, so a suite that shares
/// one host pays only an IsEnabled check. Each entry holds the rendered message, the structured state, the scopes
/// and the exception.
/// </summary>
public sealed class LogCaptureProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>One provider for a suite that shares one host.</summary>
    public static readonly LogCaptureProvider Instance = new();
    private readonly ConcurrentQueue<string> _entries = new();
    private volatile bool _capturing;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Forgets what was kept and keeps every entry from now on.</summary>
    public void Start()
    {
        _entries.Clear();
        _capturing = true;
    }

    /// <summary>What was kept so far, without stopping.</summary>
    public IReadOnlyList<string> Entries => _entries.ToArray();

    /// <summary>Stops keeping entries and returns what was kept.</summary>
    public IReadOnlyList<string> Stop()
    {
        _capturing = false;
        return _entries.ToArray();
    }

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class CaptureLogger(LogCaptureProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => owner._capturing;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!owner._capturing) return;
            var text = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                foreach (var (key, value) in pairs) text.Append($" | {key}={value}");
            owner._scopes.ForEachScope((scope, sb) => sb.Append($" | scope={Describe(scope)}"), text);
            if (exception is not null) text.Append(" | exception=").Append(exception);
            owner._entries.Enqueue(text.ToString());
        }

        private static string Describe(object? scope) => scope switch
        {
            IEnumerable<KeyValuePair<string, object?>> kv => string.Join(",", kv.Select(p => $"{p.Key}={p.Value}")),
            _ => scope?.ToString() ?? "",
        };
    }
}
