namespace ErpConnector.Distributors.Ingest;

/// <summary>A row the run could not use, kept to show the operator where the feed went wrong.</summary>
public sealed record MalformedLine(long Line, string Reason, string Raw);
