using System.Text.Json.Serialization;

namespace ErpConnector.Sandbox.FaultInjection;

/// <summary>One misbehaviour armed through <c>POST /_sandbox/faults</c>. Which fields matter depends on <see cref="Kind"/>.</summary>
public sealed class Injection
{
    public required string Kind { get; init; }

    /// <summary>Omie call this applies to (e.g. "IncluirOS"); null means any call.</summary>
    public string? Method { get; init; }

    /// <summary>For the push kinds: the webhook topic this applies to (e.g. "NFSe.NotaCancelada"); null means any topic.</summary>
    public string? Topic { get; init; }

    /// <summary>How many calls (or RPS, for city-rejects) still get it.</summary>
    public int Count { get; set; } = 1;

    public int Seconds { get; init; }
    public int Milliseconds { get; init; }

    /// <summary>For kind "throttle": redundant | misuse | client-1100 | client-1880 | http-429.</summary>
    public string? Fault { get; init; }

    public string? Code { get; init; }
    public string? Message { get; init; }
    public string? Correction { get; init; }

    /// <summary>For time-boxed kinds (city-unavailable): the end of the window, set when armed.</summary>
    [JsonInclude]
    public DateTimeOffset? Until { get; internal set; }

    public bool MatchesPush(string kind, string topic) =>
        Kind == kind && Count > 0 && (Topic is null || string.Equals(Topic, topic, StringComparison.OrdinalIgnoreCase));

    public bool Matches(string kind, string? call) =>
        Kind == kind && Count > 0 && (Method is null || call is null || string.Equals(Method, call, StringComparison.OrdinalIgnoreCase));
}

public static class InjectionKinds
{
    public const string CityRejects = "city-rejects";
    public const string CityUnavailable = "city-unavailable";
    public const string Throttle = "throttle";
    public const string LostResponse = "lost-response";
    public const string Http500 = "http-500";
    public const string InvalidCredentials = "invalid-credentials";
    public const string Slow = "slow";
    public const string CityTxtImport = "city-txt-import";

    // Webhook deliveries (per topic or any), applied when the push is published.
    public const string PushLost = "push-lost";
    public const string PushDuplicated = "push-duplicated";
    public const string PushDelayed = "push-delayed";
    public const string PushOutOfOrder = "push-out-of-order";

    public static readonly string[] All = [CityRejects, CityUnavailable, Throttle, LostResponse, Http500, InvalidCredentials, Slow, CityTxtImport, PushLost, PushDuplicated, PushDelayed, PushOutOfOrder];
    public static readonly string[] ThrottleFaults = ["redundant", "misuse", "client-1100", "client-1880", "http-429"];

    /// <summary>Why the injection cannot be armed, or null when it can.</summary>
    public static string? Problem(Injection i) => i switch
    {
        _ when !All.Contains(i.Kind) => $"unknown kind '{i.Kind}'; expected one of {string.Join(", ", All)}",
        { Count: < 1 } when i.Kind != CityUnavailable => "count must be at least 1",
        { Kind: Throttle } when !ThrottleFaults.Contains(i.Fault) => $"throttle needs fault = {string.Join(" | ", ThrottleFaults)}",
        { Kind: CityUnavailable, Seconds: < 1 } => "city-unavailable needs seconds >= 1",
        { Kind: CityRejects } when string.IsNullOrWhiteSpace(i.Code) || string.IsNullOrWhiteSpace(i.Message) => "city-rejects needs code and message",
        { Kind: Slow, Milliseconds: < 1 } => "slow needs milliseconds >= 1",
        { Kind: PushDelayed, Milliseconds: < 1 } => "push-delayed needs milliseconds >= 1",
        { Topic: not null } when !i.Kind.StartsWith("push-", StringComparison.Ordinal) => "topic applies to the push-* kinds only; use method for Omie calls",
        { Seconds: < 0 } => "seconds cannot be negative",
        _ => null,
    };
}
