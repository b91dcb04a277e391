namespace ErpConnector.Sandbox.Omie.Receivables;

/// <summary>
/// A conta a receber Omie creates once the city authorises an order's NFS-e, with a boleto when the order chose to
/// e-mail one (IncluirOS <c>Email.cEnvBoleto</c>). UNCONFIRMED: in Omie the boleto depends on the receivable's
/// payment type; the simulator ties it to the e-mail choice, the only payment choice the connector sends.
/// </summary>
public sealed class Receivable(long id, long orderId, string? orderCode, decimal amount, DateOnly dueDate, Boleto? boleto)
{
    /// <summary>codigo_lancamento_omie, the nCodTitulo of ObterBoleto.</summary>
    public long Id { get; } = id;

    public long OrderId { get; } = orderId;

    /// <summary>codigo_lancamento_integracao, the cCodIntTitulo of ObterBoleto. UNCONFIRMED: that Omie copies the
    /// order's cCodIntOS here.</summary>
    public string? IntegrationCode { get; } = orderCode;

    public decimal Amount { get; } = amount;
    public DateOnly DueDate { get; } = dueDate;
    public Boleto? Boleto { get; } = boleto;
    public DateTimeOffset? PaidAt { get; private set; }

    public void Settle(DateTimeOffset at) => PaidAt = at;
}

/// <param name="Number">cNumBoleto.</param>
/// <param name="DigitableLine">cCodBarras: the 47-digit line a payer types (UNCONFIRMED: whether Omie gives the line or
/// the 44-digit bar code, and with or without punctuation).</param>
/// <param name="Link">cLinkBoleto: a PDF the simulator serves.</param>
/// <param name="IssuedAt">dDtEmBol.</param>
public sealed record Boleto(string Number, string DigitableLine, string Link, DateTimeOffset IssuedAt);
