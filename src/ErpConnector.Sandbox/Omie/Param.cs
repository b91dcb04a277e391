using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie;

/// <summary>Reads tags out of a <c>param</c> object the way Omie's loosely typed API does.</summary>
public static class Param
{
    /// <summary>A tag as text; numbers are accepted as their JSON text because Omie codes travel either way.</summary>
    public static string? Text(this JsonObject o, string tag) => o[tag] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    /// <summary>An Omie id; 0 means "not informed", as in Omie's own stubs.</summary>
    public static long? Id(this JsonObject o, string tag) =>
        long.TryParse(o.Text(tag), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id != 0 ? id : null;

    /// <summary>An amount, which must be a JSON number (the notes: "Amounts are plain numbers").</summary>
    public static decimal Amount(this JsonObject o, string tag)
    {
        if (o[tag] is not JsonValue v) throw Faults.RequiredTag(tag);
        if (v.GetValueKind() != JsonValueKind.Number) throw Faults.NotANumber(tag);
        return v.GetValue<decimal>();
    }

    public static string Required(this JsonObject o, string tag) => o.Text(tag) ?? throw Faults.RequiredTag(tag);

    public static int Number(this JsonObject o, string tag, int fallback) =>
        int.TryParse(o.Text(tag), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    public static JsonObject? Section(this JsonObject o, string tag) => o[tag] as JsonObject;
}
