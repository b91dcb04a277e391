using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ErpConnector.Omie.Internal;

/// <summary>System.Text.Json settings for Omie: explicit field names on the DTOs, nulls omitted on the way out,
/// and tolerance on the way in (numbers as strings, strings as numbers, unknown fields ignored).</summary>
internal static class OmieJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        // Omie is Portuguese: keep "ç", "ã" readable (the body is UTF-8 JSON, not HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new LenientStringConverter(), new LenientInt64Converter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>The UTF-8 bytes that go on the wire, written once (no UTF-16 string to encode again).</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<T>(utf8, Options);
}

/// <summary>Reads a string from a JSON string, number or boolean (Omie is not consistent).</summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var l)
                ? l.ToString(CultureInfo.InvariantCulture)
                : reader.GetDecimal().ToString(CultureInfo.InvariantCulture),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => SkipAndNull(ref reader),
        };

    private static string? SkipAndNull(ref Utf8JsonReader reader)
    {
        reader.Skip(); // an object/array where a string was expected: ignore it rather than fail the call
        return null;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Reads a long from a number, a numeric string ("123", " 123 ", "123.0"), "" or null (→ 0).</summary>
internal sealed class LenientInt64Converter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? l : (long)reader.GetDecimal();
            case JsonTokenType.String:
                var s = reader.GetString();
                if (string.IsNullOrWhiteSpace(s)) return 0;
                if (long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                if (decimal.TryParse(s.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var dec)) return (long)dec;
                throw new JsonException($"Not a number: '{s}'.");
            case JsonTokenType.Null:
                return 0;
            default:
                throw new JsonException($"Unexpected {reader.TokenType} for a number.");
        }
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
