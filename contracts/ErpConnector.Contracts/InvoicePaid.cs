namespace ErpConnector.Contracts;

/// <summary>Output: the receivable of a deal's NFS-e was settled in Omie (<c>Financas.ContaReceber.BaixaRealizada</c>).
/// Exchange <c>invoice.paid</c>. Published at least once; consumers de-duplicate by <see cref="DealId"/>.</summary>
public sealed record InvoicePaid
{
    /// <summary>The deal (<see cref="DealWon.DealId"/>).</summary>
    public string DealId { get; init; } = "";
    /// <summary>The <see cref="DealWon.EventId"/> that brought the deal in.</summary>
    public string EventId { get; init; } = "";
    /// <summary>The NFS-e that was paid.</summary>
    public string NfseNumber { get; init; } = "";
    /// <summary>The amount settled in reais, as Omie reports it (<c>valor</c>); null when it gave none.</summary>
    public decimal? Amount { get; init; }
    /// <summary>The settlement date Omie reports (<c>data_baixa</c>); null when it gave none.</summary>
    public DateOnly? PaidOn { get; init; }
    /// <summary>Omie's id of the receivable (<c>codigo_lancamento</c>).</summary>
    public long OmieReceivableId { get; init; }
}
