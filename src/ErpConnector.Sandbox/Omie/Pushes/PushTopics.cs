namespace ErpConnector.Sandbox.Omie.Pushes;

/// <summary>
/// The webhook topics the simulator sends. Names are from public integrations (omie-after-issuance.md); Omie publishes
/// no catalogue, so the list and every event field name are UNCONFIRMED (agreed with the connector's side). Field
/// types: Omie ids (codigo_os, id_nf, codigo_lancamento) are numbers, numero_* are strings, dates dd/mm/yyyy.
/// </summary>
public static class PushTopics
{
    public const string NotaAutorizada = "NFSe.NotaAutorizada";
    public const string NotaCancelada = "NFSe.NotaCancelada";
    public const string NotaSubstituida = "NFSe.NotaSubstituida";
    public const string OrdemFaturada = "OrdemServico.Faturada";
    public const string OrdemCancelada = "OrdemServico.Cancelada";
    public const string BoletoGerado = "Financas.ContaReceber.BoletoGerado";
    public const string BaixaRealizada = "Financas.ContaReceber.BaixaRealizada";
}
