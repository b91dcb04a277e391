namespace ErpConnector.Domain.Errors;

/// <summary>An error as seen, before classification; see <see cref="ErrorSource"/> for what goes in each field.</summary>
/// <param name="RpsStatus">The RPS status ("001".."005") for city messages; matched by a row's <c>rpsStatus</c>.</param>
public sealed record ErrorObservation(ErrorSource Source, string Code, string Message, int? HttpStatus = null, string? RpsStatus = null);
