using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.KeyPerFile;
using Microsoft.Extensions.FileProviders;

namespace ErpConnector.Service.Configuration;

/// <summary>Secrets read from files an orchestrator mounts and rotates — a key-per-file directory (Docker/Kubernetes
/// secrets, <c>/run/secrets</c>) and/or a JSON file — reloaded when they change, so a rotated distributor password
/// is used by the next run and the next test-connection without a restart. They are added after every other
/// source, so a value in them wins over appsettings and the environment. Runs read their feed's settings once when
/// they start (IOptionsMonitor), so a run in progress keeps the credentials it started with.</summary>
public static class CredentialFiles
{
    /// <summary>A directory with one file per key, named by the key with <c>__</c> for <c>:</c>
    /// (<c>Distributors__Feeds__0__File__Password</c>); the file's content (trailing newline dropped) is the value.</summary>
    public const string DirectoryKey = "CredentialFiles:Directory";
    /// <summary>A JSON file shaped like appsettings.json holding just the secrets.</summary>
    public const string JsonFileKey = "CredentialFiles:JsonFile";
    /// <summary>Poll instead of relying on file-system events (network mounts, some container runtimes); about every 4 s.</summary>
    public const string UsePollingKey = "CredentialFiles:UsePolling";

    /// <summary>Adds the files named by <see cref="DirectoryKey"/> and <see cref="JsonFileKey"/> in the configuration so far.</summary>
    public static IConfigurationBuilder AddCredentialFiles(this IConfigurationManager configuration) =>
        configuration.AddCredentialFiles(configuration[DirectoryKey], configuration[JsonFileKey],
            string.Equals(configuration[UsePollingKey], "true", StringComparison.OrdinalIgnoreCase));

    public static IConfigurationBuilder AddCredentialFiles(this IConfigurationBuilder builder, string? directory, string? jsonFile, bool usePolling = false)
    {
        if (!string.IsNullOrWhiteSpace(directory))
        {
            // A configured place that is not there is a deployment mistake: say so at start-up, not as a 401 later.
            if (!Directory.Exists(directory))
                throw new InvalidOperationException($"{DirectoryKey} '{directory}' does not exist (is the secrets volume mounted?).");
            builder.Add(new KeyPerFileConfigurationSource
            {
                FileProvider = Provider(directory, usePolling),
                Optional = false,
                ReloadOnChange = true,
            });
        }
        if (!string.IsNullOrWhiteSpace(jsonFile))
        {
            var full = Path.GetFullPath(jsonFile);
            if (!File.Exists(full))
                throw new InvalidOperationException($"{JsonFileKey} '{jsonFile}' does not exist (is the secrets volume mounted?).");
            builder.Add(new LastGoodJsonSource
            {
                FileProvider = Provider(Path.GetDirectoryName(full)!, usePolling),
                Path = Path.GetFileName(full),
                Optional = false,
                ReloadOnChange = true,
            });
        }
        return builder;
    }

    private static PhysicalFileProvider Provider(string directory, bool usePolling) =>
        new(Path.GetFullPath(directory)) { UsePollingFileWatcher = usePolling, UseActivePolling = usePolling };

    /// <summary>A JSON file caught half-written (an editor saving in place) keeps the values it had: the stock provider
    /// would drop them all, and every feed would run with no credentials until the next save.</summary>
    private sealed class LastGoodJsonSource : JsonConfigurationSource
    {
        public override IConfigurationProvider Build(IConfigurationBuilder builder)
        {
            EnsureDefaults(builder);
            return new LastGoodJsonProvider(this);
        }
    }

    private sealed class LastGoodJsonProvider(JsonConfigurationSource source) : JsonConfigurationProvider(source)
    {
        private bool _loaded;

        public override void Load(Stream stream)
        {
            try
            {
                base.Load(stream);
                _loaded = true;
            }
            catch (Exception) when (_loaded)
            {
                // Keep Data as it was; the next change event (the write completing) loads it again.
            }
        }
    }
}
