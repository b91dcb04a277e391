using System.Security.Cryptography;
using System.Text;
using ErpConnector.Domain.Deals;

namespace ErpConnector.Service.Deals;

/// <summary>
/// What of a rejected deal.won's ids may become a ledger key or a log value. A valid deal's ids always may (the
/// validator bounds them); an invalid one's may be 10 KB long or hold NULs and line breaks, which PostgreSQL refuses
/// as a key (an index entry over ~2.7 KB, any NUL) and which would forge or flood log lines.
/// </summary>
public static class ReceivedIds
{
    private const int LogLength = 80;

    /// <summary>True when <paramref name="dealId"/> can be a ledger key: what the validator accepts as a deal id.</summary>
    public static bool CanKeyADeal(string? dealId) =>
        !string.IsNullOrWhiteSpace(dealId) && dealId.Length <= DealWonValidator.DealIdMaxLength && DealWonValidator.IsPrintableAscii(dealId);

    /// <summary>
    /// The event id as the ledger keeps it: itself when it is a usable id (or empty), otherwise a fingerprint of it,
    /// so a redelivery of the same bad event is still recognised as a repeat.
    /// </summary>
    public static string ForLedger(string? eventId)
    {
        if (string.IsNullOrEmpty(eventId) || (eventId.Length <= DealWonValidator.EventIdMaxLength && DealWonValidator.IsPrintableAscii(eventId)))
            return eventId ?? "";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32];
    }

    /// <summary>An id fit for one log line: control characters replaced by '?', cut to 80 characters.</summary>
    public static string ForLog(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "";
        var cut = id.Length > LogLength ? id[..LogLength] : id;
        var printable = string.Create(cut.Length, cut, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsControl(source[i]) || char.GetUnicodeCategory(source[i]) == System.Globalization.UnicodeCategory.Format ? '?' : source[i];
        });
        return id.Length > LogLength ? $"{printable}… ({id.Length} characters)" : printable;
    }
}
