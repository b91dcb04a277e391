using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Distributors.Tests;

/// <summary>Keeps every log entry of a host at every level (Trace included, whatever the console level): the
/// rendered message, the structured values, the scopes and the exception — the same capture the integration
/// tests use to search logs for secrets (tests/ErpConnector.IntegrationTests/Production/LogCapture.cs).</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class CaptureLogger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
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
