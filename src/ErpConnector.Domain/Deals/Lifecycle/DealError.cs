namespace ErpConnector.Domain.Deals;

/// <summary>The last error of a deal as finance sees it: the city's or Omie's words verbatim and what to do about it.</summary>
/// <param name="Category">The classification table's category (or "validation", "cancelled").</param>
/// <param name="Code">The city's or Omie's code, verbatim.</param>
/// <param name="Message">The city's or Omie's message, verbatim.</param>
/// <param name="CorrectiveAction">What a person does next (PT / EN).</param>
public sealed record DealError(string Category, string Code, string Message, string CorrectiveAction);
