using System.Security.Cryptography;
using System.Text;

namespace ErpConnector.Service.Webhooks;

/// <summary><c>x-salesos-signature: sha256=&lt;hex HMAC-SHA256 of the raw request body&gt;</c>, compared in constant time.</summary>
public static class SalesOsSignature
{
    public const string HeaderName = "x-salesos-signature";
    private const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(ReadOnlySpan<byte> body, string? header, string secret)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = header.AsSpan(Prefix.Length).Trim();
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2) return false;
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, presented, out _, out var written) != System.Buffers.OperationStatus.Done || written != presented.Length)
            return false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
