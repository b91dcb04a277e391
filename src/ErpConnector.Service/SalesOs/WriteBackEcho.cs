using System.Text.Json;
using ErpConnector.Service.Webhooks;

namespace ErpConnector.Service.SalesOs;

/// <summary>Recognises SalesOS echoing the connector's own write-back: the deal carries the sync marker
/// <c>{dealId}:{seq}</c> for its own id.</summary>
public static class WriteBackEcho
{
    public static bool IsOwnWrite(SalesOsDeal? deal, string markerField)
    {
        if (deal?.Id is not { Length: > 0 } id || markerField.Length == 0 || deal.CustomFields is null) return false;
        if (!deal.CustomFields.TryGetValue(markerField, out var marker) || marker.ValueKind != JsonValueKind.String) return false;
        var value = marker.GetString();
        return value is not null && value.Length > id.Length + 1 && value.StartsWith(id + ":", StringComparison.Ordinal)
            && long.TryParse(value.AsSpan(id.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
    }
}
