namespace ErpConnector.Domain.Errors;

/// <summary>An error as seen, before classification; see <see cref="ErrorSource"/> for what goes in each field.</summary>
/// <param name="Source">Where the error was observed; it decides what the other fields hold.</param>
/// <param name="Code">Omie's fault code, the city's code, or the transport failure's kind; verbatim.</param>
/// <param name="Message">Omie's, the city's or the transport's text, verbatim: stated waits are read from it.</param>
/// <param name="HttpStatus">The HTTP status, when there was an answer.</param>
/// <param name="RpsStatus">The RPS status ("001".."005") for city messages; matched by a row's <c>rpsStatus</c>.</param>
public sealed record ErrorObservation(ErrorSource Source, string Code, string Message, int? HttpStatus = null, string? RpsStatus = null);
