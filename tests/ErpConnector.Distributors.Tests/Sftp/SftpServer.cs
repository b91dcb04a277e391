using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ErpConnector.Distributors.Tests.Sftp;

/// <summary>A real SSH server for the SFTP specs. As root with Debian's openssh-server installed: an sshd of its own
/// on a free loopback port, with its own sshd_config, host key, authorized keys and files directory under a temp
/// directory, and a dedicated system user (<c>erpsftp</c>, created if missing, password set with chpasswd); the
/// system's sshd is not touched. Otherwise the server named by SFTP_HOST, SFTP_PORT, SFTP_USER, SFTP_PASSWORD,
/// SFTP_ROOT (a writable directory on the server; the specs upload their files there over SFTP),
/// SFTP_HOST_KEY_FINGERPRINT and optionally SFTP_PRIVATE_KEY (a key file the server accepts). Specs that cut
/// sessions need the local server.</summary>
public sealed class SftpServer : IAsyncLifetime
{
    public const string SshdPath = "/usr/sbin/sshd";
    public const string UserName = "erpsftp";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-sshd-{Guid.NewGuid():N}");
    private Process? _sshd;
    private readonly StringBuilder _log = new();

    public string Host { get; private set; } = "127.0.0.1";
    public int Port { get; private set; }
    public string User { get; private set; } = UserName;
    public string Password { get; private set; } = "";
    /// <summary>Directory on the server where the specs put their files.</summary>
    public string Root { get; private set; } = "";
    public string HostKeyFingerprint { get; private set; } = "";
    /// <summary>Path of a private key the server accepts for <see cref="User"/>; null when none is known.</summary>
    public string? PrivateKeyPath { get; private set; }
    /// <summary>True for the sshd started here: sessions can be cut.</summary>
    public bool IsLocal => _sshd is not null;

    /// <summary>Why no server can be had, or null when one can (read at test discovery to skip with a reason).</summary>
    public static string? Unavailable()
    {
        if (Environment.GetEnvironmentVariable("SFTP_HOST") is { Length: > 0 }) return null;
        if (!File.Exists(SshdPath))
            return $"No SSH server: {SshdPath} is missing (scripts/test.sh installs openssh-server when run as root) and SFTP_HOST is not set.";
        if (!IsRoot())
            return "No SSH server: starting a private sshd needs root (it switches to the test user), and SFTP_HOST/SFTP_PORT/SFTP_USER/SFTP_PASSWORD/SFTP_ROOT/SFTP_HOST_KEY_FINGERPRINT are not set.";
        return null;
    }

    /// <summary>Why sessions cannot be cut (only the sshd started here can), or null.</summary>
    public static string? CannotCutSessions() =>
        Unavailable() ?? (Environment.GetEnvironmentVariable("SFTP_HOST") is { Length: > 0 } && !(File.Exists(SshdPath) && IsRoot())
            ? "Cutting a session needs the sshd these tests start as root; the server named by SFTP_HOST cannot be cut from here."
            : null);

    private static bool IsRoot() => Environment.UserName == "root" || Run("id", ["-u"]).Trim() == "0";

    public async Task InitializeAsync()
    {
        if (Unavailable() is not null) return;
        if (File.Exists(SshdPath) && IsRoot()) await StartLocalAsync();
        else UseEnvironment();
    }

    private void UseEnvironment()
    {
        string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v
            : throw new InvalidOperationException($"SFTP_HOST is set but {name} is not.");
        Host = Env("SFTP_HOST");
        Port = int.TryParse(Environment.GetEnvironmentVariable("SFTP_PORT"), out var port) ? port : 22;
        User = Env("SFTP_USER");
        Password = Env("SFTP_PASSWORD");
        Root = Env("SFTP_ROOT").TrimEnd('/');
        HostKeyFingerprint = Env("SFTP_HOST_KEY_FINGERPRINT");
        PrivateKeyPath = Environment.GetEnvironmentVariable("SFTP_PRIVATE_KEY") is { Length: > 0 } key ? key : null;
    }

    private async Task StartLocalAsync()
    {
        Directory.CreateDirectory(_directory);
        Chmod(_directory, "755");
        if (!UserExists())
            Run("useradd", ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", UserName]);
        Password = $"pw-{Guid.NewGuid():N}";
        Run("chpasswd", [], stdin: $"{UserName}:{Password}\n");

        Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "erpconnector-test-host", "-f", Path.Combine(_directory, "host_ed25519")]);
        Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "erpconnector-test-client", "-f", Path.Combine(_directory, "client_ed25519")]);
        File.Copy(Path.Combine(_directory, "client_ed25519.pub"), Path.Combine(_directory, "authorized_keys"));
        PrivateKeyPath = Path.Combine(_directory, "client_ed25519");
        // "256 SHA256:abc… comment (ED25519)": the fingerprint as an operator would copy it.
        HostKeyFingerprint = Run("ssh-keygen", ["-l", "-E", "sha256", "-f", Path.Combine(_directory, "host_ed25519.pub")]).Split(' ')[1];

        Root = Path.Combine(_directory, "files");
        Directory.CreateDirectory(Root);
        Run("chown", [$"{UserName}:", Root]);
        Directory.CreateDirectory("/run/sshd"); // privilege separation directory, normally made by the package's service

        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            File.WriteAllText(Path.Combine(_directory, "sshd_config"), $"""
                Port {Port}
                ListenAddress 127.0.0.1
                HostKey {_directory}/host_ed25519
                PidFile {_directory}/sshd.pid
                AuthorizedKeysFile {_directory}/authorized_keys
                AllowUsers {UserName}
                PasswordAuthentication yes
                PubkeyAuthentication yes
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PermitRootLogin no
                MaxStartups 100
                MaxAuthTries 10
                LogLevel VERBOSE
                Subsystem sftp internal-sftp
                ForceCommand internal-sftp
                """);
            var sshd = Process.Start(new ProcessStartInfo(SshdPath, ["-D", "-e", "-f", Path.Combine(_directory, "sshd_config")])
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            })!;
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            sshd.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) { listening.TrySetException(new InvalidOperationException($"sshd exited: {_log}")); return; }
                lock (_log) _log.AppendLine(e.Data);
                if (e.Data.Contains("Server listening", StringComparison.Ordinal)) listening.TrySetResult();
            };
            sshd.BeginErrorReadLine();
            try
            {
                await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
                _sshd = sshd;
                return;
            }
            catch (Exception) when (attempt < 3)
            {
                // The port was taken between probing and binding: another one.
                if (!sshd.HasExited) sshd.Kill();
                sshd.Dispose();
            }
        }
    }

    private static bool UserExists() => File.ReadLines("/etc/passwd").Any(l => l.StartsWith(UserName + ":", StringComparison.Ordinal));

    /// <summary>Kills every session process of the sshd started here (its children), as if the connection dropped;
    /// the listener stays, so the next connection is served.</summary>
    public int CutSessions()
    {
        if (_sshd is null) throw new InvalidOperationException("Only the sshd started by these tests can be cut.");
        var victims = Descendants(_sshd.Id).ToList();
        foreach (var pid in victims) Run("kill", ["-KILL", pid.ToString()], check: false);
        return victims.Count;
    }

    private static IEnumerable<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
            }
            catch (IOException) { }
        }
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            foreach (var (pid, ppid) in parents)
                if (ppid == parent) { result.Add(pid); queue.Enqueue(pid); }
        }
        return result;
    }

    /// <summary>Writes a file into <see cref="Root"/> (locally, or over SFTP for a remote server) and sets its
    /// modification time; returns its path on the server.</summary>
    public string Put(string name, byte[] content, DateTime? modifiedUtc = null)
    {
        var path = $"{Root}/{name}";
        if (IsLocal)
        {
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                Run("chown", [$"{UserName}:", directory]);
            }
            File.WriteAllBytes(path, content);
            if (modifiedUtc is { } at) File.SetLastWriteTimeUtc(path, at);
            return path;
        }
        using var client = new Renci.SshNet.SftpClient(Host, Port, User, Password);
        client.HostKeyReceived += (_, e) => e.CanTrust = true; // the test's own upload; the feed pins the key
        client.Connect();
        var remoteDir = path[..path.LastIndexOf('/')];
        if (!client.Exists(remoteDir)) client.CreateDirectory(remoteDir);
        using (var stream = new MemoryStream(content)) client.UploadFile(stream, path, canOverride: true);
        if (modifiedUtc is { } when)
        {
            var attributes = client.GetAttributes(path);
            attributes.LastWriteTimeUtc = when;
            client.SetAttributes(path, attributes);
        }
        return path;
    }

    /// <summary>sshd's own log so far (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public Task DisposeAsync()
    {
        if (_sshd is { HasExited: false })
        {
            foreach (var pid in Descendants(_sshd.Id)) Run("kill", ["-KILL", pid.ToString()], check: false);
            _sshd.Kill();
            _sshd.WaitForExit(10_000);
        }
        _sshd?.Dispose();
        try { if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void Chmod(string path, string mode) => Run("chmod", [mode, path]);

    private static string Run(string file, string[] args, bool check = true, string? stdin = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        })!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        return output;
    }
}

/// <summary>A spec that needs an SSH server; skipped, with the reason, when none can be had.</summary>
public sealed class SftpFactAttribute : FactAttribute
{
    public SftpFactAttribute() => Skip = SftpServer.Unavailable();
}

/// <summary>A spec that cuts SSH sessions: needs the sshd these tests start themselves.</summary>
public sealed class LocalSftpFactAttribute : FactAttribute
{
    public LocalSftpFactAttribute() => Skip = SftpServer.CannotCutSessions();
}

/// <summary>A theory that needs an SSH server; skipped, with the reason, when none can be had.</summary>
public sealed class SftpTheoryAttribute : TheoryAttribute
{
    public SftpTheoryAttribute() => Skip = SftpServer.Unavailable();
}
