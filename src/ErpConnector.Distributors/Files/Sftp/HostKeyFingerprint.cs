namespace ErpConnector.Distributors.Files.Sftp;

/// <summary>An SSH host key fingerprint as OpenSSH prints it: <c>SHA256:</c> then the SHA-256 of the key in
/// base64 without padding. Pinned per feed, so a server that changed its key (or someone in between) is refused
/// rather than trusted on first use.</summary>
internal static class HostKeyFingerprint
{
    private const string Prefix = "SHA256:";

    /// <summary>Accepts the form OpenSSH prints; tolerates trailing '=' padding and surrounding spaces.</summary>
    public static bool TryParse(string? text, out string base64)
    {
        base64 = "";
        var value = text?.Trim() ?? "";
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var body = value[Prefix.Length..].TrimEnd('=');
        Span<byte> hash = stackalloc byte[33];
        // 32 bytes encode to 43 base64 characters unpadded.
        if (body.Length != 43 || !Convert.TryFromBase64String(body + "=", hash, out var written) || written != 32) return false;
        base64 = body;
        return true;
    }

    /// <summary>The form an operator pastes into configuration, from SSH.NET's unprefixed unpadded base64.</summary>
    public static string Format(string base64) => Prefix + base64.TrimEnd('=');
}
