namespace ErpConnector.Omie.Internal;

/// <summary>The app secret must never reach a log or an exception message, even if Omie echoes it back.</summary>
internal sealed class OmieRedactor(string secret)
{
    public string Redact(string text)
        => secret.Length > 0 && text.Contains(secret, StringComparison.Ordinal)
            ? text.Replace(secret, "***", StringComparison.Ordinal)
            : text;

    /// <summary>An inner exception whose text holds the secret is replaced by a redacted summary.</summary>
    public Exception? SafeInner(Exception? inner)
    {
        if (inner is null || secret.Length == 0) return inner;
        return inner.ToString().Contains(secret, StringComparison.Ordinal)
            ? new HttpRequestException($"{inner.GetType().FullName} (redacted): {Redact(inner.GetBaseException().Message)}")
            : inner;
    }
}
