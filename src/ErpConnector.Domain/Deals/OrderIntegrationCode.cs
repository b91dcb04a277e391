using System.Security.Cryptography;
using System.Text;

namespace ErpConnector.Domain.Deals;

/// <summary>
/// Omie's <c>cCodIntOS</c> for a deal: the idempotency key that makes "one deal, at most one service order"
/// hold across retries, redeliveries and restarts. It must be a pure function of the deal id.
/// </summary>
public static class OrderIntegrationCode
{
    private const string Prefix = "D";
    private const int MaxLength = OmieFieldLimits.IntegrationCodeMaxLength; // UNCONFIRMED: 20 characters
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>
    /// "D" + the deal id when that fits and uses only [A-Za-z0-9_-], so operators can find the order by eye;
    /// otherwise "D" + the first 19 base32 characters (95 bits) of SHA-256 over the UTF-8 deal id.
    /// A readable code and a hashed one could only meet for a 19-character base32 deal id whose own hash
    /// starts with itself, a 2^-95 event. Omie's case sensitivity for this field is UNCONFIRMED: if it
    /// ignores case, deal ids differing only in case would share an order.
    /// </summary>
    public static string For(string dealId)
    {
        ArgumentException.ThrowIfNullOrEmpty(dealId);
        if (Prefix.Length + dealId.Length <= MaxLength && IsReadable(dealId))
            return Prefix + dealId;

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(dealId), hash);
        return string.Create(MaxLength, hash.ToArray(), static (dst, bytes) =>
        {
            dst[0] = Prefix[0];
            int buffer = 0, bits = 0, byteIndex = 0;
            for (var i = 1; i < dst.Length; i++)
            {
                if (bits < 5)
                {
                    buffer = (buffer << 8) | bytes[byteIndex++];
                    bits += 8;
                }
                bits -= 5;
                dst[i] = Base32Alphabet[(buffer >> bits) & 31];
            }
        });
    }

    private static bool IsReadable(string dealId)
    {
        foreach (var c in dealId)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                return false;
        return true;
    }
}
