using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ErpConnector.Service.Webhooks.Omie;

/// <summary>Omie's webhook envelope (omie-after-issuance.md): <c>{messageId, topic, event, author, appKey, origin}</c>.</summary>
public sealed record OmiePushEnvelope
{
    [JsonPropertyName("messageId")] public string? MessageId { get; init; }
    [JsonPropertyName("topic")] public string? Topic { get; init; }
    [JsonPropertyName("event")] public JsonElement Event { get; init; }
    [JsonPropertyName("appKey")] public JsonElement AppKey { get; init; }
    [JsonPropertyName("origin")] public string? Origin { get; init; }

    /// <summary>appKey as text (Omie's app keys are numbers; either form is read, UNCONFIRMED which Omie sends).</summary>
    public string AppKeyText => AppKey.ValueKind switch
    {
        JsonValueKind.String => AppKey.GetString() ?? "",
        JsonValueKind.Number => AppKey.GetRawText(),
        _ => "",
    };

    /// <summary>A text field of the event ("" when absent); numbers are read as their text.</summary>
    public string Text(string name) =>
        Event.ValueKind == JsonValueKind.Object && Event.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString() ?? "", JsonValueKind.Number => v.GetRawText(), _ => "" }
            : "";

    /// <summary>A whole-number field of the event (number or numeric text); null when absent or not a number.</summary>
    public long? Long(string name) => long.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A money field of the event; null when absent or not a number.</summary>
    public decimal? Amount(string name) => decimal.TryParse(Text(name), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A date field in Omie's dd/MM/yyyy (or ISO yyyy-MM-dd); null otherwise.</summary>
    public DateOnly? Date(string name) =>
        DateOnly.TryParseExact(Text(name), ["dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

/// <summary>The topics the connector acts on (names from public integrations: UNCONFIRMED as Omie's complete list).</summary>
public static class OmiePushTopics
{
    public const string NotaAutorizada = "NFSe.NotaAutorizada";
    public const string NotaCancelada = "NFSe.NotaCancelada";
    public const string NotaSubstituida = "NFSe.NotaSubstituida";
    public const string OrdemFaturada = "OrdemServico.Faturada";
    public const string OrdemCancelada = "OrdemServico.Cancelada";
    public const string BoletoGerado = "Financas.ContaReceber.BoletoGerado";
    public const string BaixaRealizada = "Financas.ContaReceber.BaixaRealizada";

    public static readonly IReadOnlySet<string> Handled = new HashSet<string>(StringComparer.Ordinal)
    {
        NotaAutorizada, NotaCancelada, NotaSubstituida, OrdemFaturada, OrdemCancelada, BoletoGerado, BaixaRealizada,
    };
}
