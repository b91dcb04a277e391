using System.IO.Enumeration;
using System.Net.Sockets;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace ErpConnector.Distributors.Files.Sftp;

/// <summary>A price file on a distributor's SFTP server (SSH.NET): log in by password or private key against a
/// pinned host key, find the file (the newest match of a pattern), copy it to a local temporary file with progress.
/// Every failure becomes a <see cref="FeedFetchException"/> that says which it was: the login refused (credentials),
/// a host key that is not the pinned one, no such file, or the server unreachable or cut off (worth a retry).</summary>
internal sealed class SftpFeedFile : IDisposable
{
    private const int ChunkSize = 128 * 1024;
    private readonly SftpClient _client;
    private readonly SftpLocation _where;
    private readonly SafeUrl _url;
    private readonly string _user;

    private SftpFeedFile(SftpClient client, SftpLocation where, SafeUrl url, string user)
    {
        _client = client;
        _where = where;
        _url = url;
        _user = user;
    }

    /// <summary>The file a run would fetch: its path, size and modification time.</summary>
    public sealed record RemoteFile(string Path, long Size, DateTime LastWriteUtc);

    /// <summary>Connects and logs in, or throws a <see cref="FeedFetchException"/> naming what was refused.</summary>
    public static async Task<SftpFeedFile> OpenAsync(FileFeedOptions file, CancellationToken ct)
    {
        var uri = new Uri(file.Url);
        var url = SafeUrl.From(uri);
        var where = SftpLocation.Parse(uri);
        var user = string.IsNullOrWhiteSpace(file.Username) ? where.UserName ?? "" : file.Username;
        HostKeyFingerprint.TryParse(file.HostKeyFingerprint, out var pinned);

        var info = new ConnectionInfo(where.Host, where.Port, user, AuthenticationMethods(file, user))
        {
            Timeout = file.ConnectTimeout,
        };
        var client = new SftpClient(info) { OperationTimeout = file.ConnectTimeout };
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = e.FingerPrintSHA256;
            e.CanTrust = string.Equals(presented.TrimEnd('='), pinned, StringComparison.Ordinal);
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(file.ConnectTimeout);
        try
        {
            await client.ConnectAsync(timeout.Token);
            return new SftpFeedFile(client, where, url, user);
        }
        catch (Exception ex)
        {
            client.Dispose();
            if (presented is not null && !string.Equals(presented.TrimEnd('='), pinned, StringComparison.Ordinal))
                throw new FeedFetchException("host-key",
                    $"The SFTP server at {url} presented the host key {HostKeyFingerprint.Format(presented)}, not the pinned "
                    + $"{HostKeyFingerprint.Format(pinned)} (File:HostKeyFingerprint). If the distributor changed its key, confirm the new "
                    + "fingerprint with them and update the setting; otherwise something is between the connector and the server.");
            throw ex switch
            {
                SshAuthenticationException => new FeedFetchException("login",
                    $"The SFTP server at {url} refused the login of user '{user}': check Username and Password or PrivateKey.")
                { CredentialsRejected = true },
                OperationCanceledException when !ct.IsCancellationRequested => new FeedFetchException("connect",
                    $"No SSH session with {url} within {file.ConnectTimeout}.", null, ex) { Transient = true },
                OperationCanceledException => ex,
                SshOperationTimeoutException => new FeedFetchException("connect",
                    $"No SSH session with {url} within {file.ConnectTimeout}.", null, ex) { Transient = true },
                SocketException or SshException or IOException or ProxyException => new FeedFetchException("connect",
                    $"Could not reach the SFTP server at {url}: {url.Scrub(ex.Message)}") { Transient = true },
                _ => ex,
            };
        }
    }

    private static AuthenticationMethod[] AuthenticationMethods(FileFeedOptions file, string user)
    {
        var methods = new List<AuthenticationMethod>();
        if (!string.IsNullOrWhiteSpace(file.PrivateKey)) methods.Add(new PrivateKeyAuthenticationMethod(user, ReadKey(file)));
        if (!string.IsNullOrEmpty(file.Password)) methods.Add(new PasswordAuthenticationMethod(user, file.Password));
        return methods.ToArray();
    }

    /// <summary>The key as given inline (PEM or OpenSSH text; "\n" written out by an environment variable is
    /// accepted) or read from the path given. Never quoted in a message: only which of the two it was.</summary>
    private static PrivateKeyFile ReadKey(FileFeedOptions file)
    {
        var value = file.PrivateKey!.Trim();
        var inline = value.StartsWith("-----BEGIN", StringComparison.Ordinal);
        try
        {
            if (!inline)
            {
                if (!File.Exists(value))
                    throw new FeedFetchException("login", "File:PrivateKey is neither a key (-----BEGIN …) nor the path of a readable file.");
                return string.IsNullOrEmpty(file.PrivateKeyPassphrase) ? new PrivateKeyFile(value) : new PrivateKeyFile(value, file.PrivateKeyPassphrase);
            }
            if (!value.Contains('\n')) value = value.Replace("\\n", "\n", StringComparison.Ordinal);
            using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(value + "\n"));
            return string.IsNullOrEmpty(file.PrivateKeyPassphrase) ? new PrivateKeyFile(text) : new PrivateKeyFile(text, file.PrivateKeyPassphrase);
        }
        catch (Exception ex) when (ex is SshException or ArgumentException or InvalidOperationException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            // The library's message describes the key's format, never its content.
            throw new FeedFetchException("login",
                $"The private key in File:PrivateKey ({(inline ? "given inline" : "a file")}) could not be read: {ex.Message} Check the key and PrivateKeyPassphrase.");
        }
    }

    /// <summary>The configured file, or the newest (by modification time) whose name matches the pattern.</summary>
    public async Task<RemoteFile> ResolveAsync(CancellationToken ct)
    {
        try
        {
            if (!_where.IsPattern)
            {
                var attributes = await _client.GetAttributesAsync(_where.Path, ct);
                if (!attributes.IsRegularFile) throw new FeedFetchException("file", $"{_where.Path} on {_url} is not a file.");
                return new RemoteFile(_where.Path, attributes.Size, attributes.LastWriteTimeUtc);
            }
            ISftpFile? newest = null;
            await foreach (var entry in _client.ListDirectoryAsync(_where.Directory, ct))
            {
                if (!entry.IsRegularFile || !FileSystemName.MatchesSimpleExpression(_where.Name, entry.Name, ignoreCase: false)) continue;
                // Ties (same second) go to the later name: distributors date their file names.
                if (newest is null || entry.LastWriteTimeUtc > newest.LastWriteTimeUtc
                    || (entry.LastWriteTimeUtc == newest.LastWriteTimeUtc && string.CompareOrdinal(entry.Name, newest.Name) > 0))
                    newest = entry;
            }
            return newest is null
                ? throw new FeedFetchException("file", $"No file in {_where.Directory} on {_url} matches '{_where.Name}': check the URL or whether today's file was published.")
                : new RemoteFile(newest.FullName, newest.Length, newest.LastWriteTimeUtc);
        }
        catch (SftpPathNotFoundException)
        {
            throw new FeedFetchException("file", _where.IsPattern
                ? $"No directory {_where.Directory} on {_url}: check the URL."
                : $"No file at {_url}: check the URL or whether today's file was published.");
        }
        catch (SftpPermissionDeniedException)
        {
            throw new FeedFetchException("file", $"The SFTP server at {_url} denies user '{_user}' access to {(_where.IsPattern ? _where.Directory : _where.Path)}: the account may not be entitled to it.")
            { CredentialsRejected = true };
        }
        catch (Exception ex) when (ex is SshException or IOException or SocketException or ObjectDisposedException)
        {
            throw new FeedFetchException("file", $"The SFTP server at {_url} stopped answering: {_url.Scrub(ex.Message)}") { Transient = true };
        }
    }

    /// <summary>Copies <paramref name="remote"/> to <paramref name="target"/>; a connection cut mid-file, a stall past
    /// the timeouts or fewer bytes than the file's size fail with a transient <see cref="FeedFetchException"/>.</summary>
    public async Task DownloadAsync(RemoteFile remote, string target, Action<long, long?> progress, long? maxBytes, TimeSpan limit, CancellationToken ct)
    {
        if (remote.Size > maxBytes)
            throw FeedLimitExceededException.Bytes(maxBytes.Value, $"The SFTP server lists {remote.Path} at {remote.Size:N0} bytes");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        long read = 0;
        try
        {
            await using var source = await _client.OpenAsync(remote.Path, FileMode.Open, FileAccess.Read, timeout.Token);
            await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, ChunkSize, useAsync: true);
            var buffer = new byte[ChunkSize];
            int n;
            while ((n = await source.ReadAsync(buffer, timeout.Token)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, n), timeout.Token);
                read += n;
                progress(read, remote.Size);
                if (read > maxBytes)
                    throw FeedLimitExceededException.Bytes(maxBytes.Value, $"The file is larger than {maxBytes:N0} bytes (the download stopped at {read:N0})");
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new FeedFetchException("download", $"The download of {remote.Path} from {_url} took longer than {limit}.", null, ex) { Transient = true };
        }
        catch (SftpPathNotFoundException)
        {
            throw new FeedFetchException("download", $"{remote.Path} disappeared from {_url} before it could be read.") { Transient = true };
        }
        catch (SftpPermissionDeniedException)
        {
            throw new FeedFetchException("download", $"The SFTP server at {_url} denies user '{_user}' reading {remote.Path}.") { CredentialsRejected = true };
        }
        catch (Exception ex) when (ex is SshException or IOException or SocketException or ObjectDisposedException)
        {
            throw new FeedFetchException("download",
                $"The download of {remote.Path} from {_url} ended early after {read:N0} of {remote.Size:N0} bytes: {_url.Scrub(ex.Message)}") { Transient = true };
        }
        if (read != remote.Size)
            throw new FeedFetchException("download",
                $"The download of {remote.Path} from {_url} ended early after {read:N0} of {remote.Size:N0} bytes.") { Transient = true };
    }

    public string Describe(RemoteFile remote, DateTimeOffset now)
    {
        var age = now - new DateTimeOffset(DateTime.SpecifyKind(remote.LastWriteUtc, DateTimeKind.Utc));
        return $"Logged in to {_url} as '{_user}': {remote.Path} has {remote.Size:N0} bytes, modified {remote.LastWriteUtc:yyyy-MM-dd HH:mm:ss}Z ({Ago(age)}).";
    }

    private static string Ago(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
        { TotalDays: < 2 } => $"{age.TotalHours:0.#} h ago",
        _ => $"{age.TotalDays:0.#} days ago",
    };

    public void Dispose() => _client.Dispose();
}
