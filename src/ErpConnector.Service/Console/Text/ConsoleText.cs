using System.Globalization;

namespace ErpConnector.Service.Console.Text;

/// <summary>
/// Every word the console shows, in Brazilian Portuguese (first) and English: one typed catalogue, so a missing
/// translation is a compile error, not a blank on a page. Numbers and times are formatted here too, without
/// culture data (the service runs with invariant globalization).
/// </summary>
public sealed class ConsoleText
{
    public required string Code { get; init; }
    public required string Product { get; init; }
    public required string Overview { get; init; }
    public required string Attention { get; init; }
    public required string Feeds { get; init; }
    public required string ErrorQueue { get; init; }
    public required string Help { get; init; }
    public required string SignIn { get; init; }
    public required string SignOut { get; init; }
    public required string SignedInAs { get; init; }
    public required string ApiKey { get; init; }
    public required string ApiKeyHint { get; init; }
    public required string SignInWithProvider { get; init; }
    public required string WrongKey { get; init; }
    public required string SignedOut { get; init; }
    public required string Denied { get; init; }
    public required string DeniedText { get; init; }
    public required string Language { get; init; }
    public required string Today { get; init; }
    public required string ThisMonth { get; init; }
    public required string DealsByState { get; init; }
    public required string NeedsAttentionNow { get; init; }
    public required string OmieAccess { get; init; }
    public required string OmieFlowing { get; init; }
    public required string OmiePausedUntil { get; init; }
    public required string OmieBudget { get; init; }
    public required string StaleFeeds { get; init; }
    public required string NoStaleFeeds { get; init; }
    public required string ErrorQueueDepth { get; init; }
    public required string NoBroker { get; init; }
    public required string RejectedCredentials { get; init; }
    public required string NoRejectedCredentials { get; init; }
    public required string WhatToDo { get; init; }
    public required string State { get; init; }
    public required string AllStates { get; init; }
    public required string ChangedFrom { get; init; }
    public required string ChangedTo { get; init; }
    public required string Search { get; init; }
    public required string SearchHint { get; init; }
    public required string ShowDocuments { get; init; }
    public required string Filter { get; init; }
    public required string NextPage { get; init; }
    public required string FirstPage { get; init; }
    public required string Deal { get; init; }
    public required string Customer { get; init; }
    public required string Document { get; init; }
    public required string Total { get; init; }
    public required string Changed { get; init; }
    public required string Message { get; init; }
    public required string CorrectiveAction { get; init; }
    public required string NothingNeedsAttention { get; init; }
    public required string Timeline { get; init; }
    public required string Services { get; init; }
    public required string OmieIds { get; init; }
    public required string Nfse { get; init; }
    public required string NfseNumber { get; init; }
    public required string VerificationCode { get; init; }
    public required string NfseLink { get; init; }
    public required string NoNfse { get; init; }
    public required string Actions { get; init; }
    public required string Retry { get; init; }
    public required string RetryHint { get; init; }
    public required string Dismiss { get; init; }
    public required string DismissReason { get; init; }
    public required string DismissHint { get; init; }
    public required string CancelNfse { get; init; }
    public required string BackToDeal { get; init; }
    public required string CancelNfseWarning { get; init; }
    public required string CancelReason { get; init; }
    public required string CancelReasonHint { get; init; }
    public required string CancelContinue { get; init; }
    public required string CancelConfirmQuestion { get; init; }
    public required string CancelConfirm { get; init; }
    public required string CancelKeep { get; init; }
    public required string CancelRequested { get; init; }
    public required string CancelJoined { get; init; }
    public required string AlreadyCancelled { get; init; }
    public required string NfseCityPage { get; init; }
    public required string NfsePdf { get; init; }
    public required string NfseXml { get; init; }
    public required string NfseRps { get; init; }
    public required string NfseStatement { get; init; }
    public required string SubstituteNfse { get; init; }
    public required string Cancellation { get; init; }
    public required string RequestedBy { get; init; }
    public required string CancellationSent { get; init; }
    public required string CancellationConfirmed { get; init; }
    public required string CancellationPending { get; init; }
    public required string CancellationRefused { get; init; }
    public required string Boleto { get; init; }
    public required string BoletoOpen { get; init; }
    public required string DigitableLine { get; init; }
    public required string BoletoNumber { get; init; }
    public required string PaidTitle { get; init; }
    public required string PaidAmount { get; init; }
    public required string PaidOn { get; init; }
    public required string AwaitingCity { get; init; }
    public required string AwaitingCityWhat { get; init; }
    public required string SalesOsWriteBack { get; init; }
    public required string WriteBackDelivered { get; init; }
    public required string WriteBackPending { get; init; }
    public required string WriteBackNone { get; init; }
    public required string NextAttempt { get; init; }
    public required string Attempts { get; init; }
    public required string SalesOsClient { get; init; }
    public required string SalesOsRefusedSince { get; init; }
    public required string CredentialsAlsoSee { get; init; }
    public required string OmieWebhookRefused { get; init; }
    public required Func<int, string> CancelReasonInvalid { get; init; }
    public required string NoActions { get; init; }
    public required string ReadOnly { get; init; }
    public required string DealNotFound { get; init; }
    public required string Retried { get; init; }
    public required string Dismissed { get; init; }
    public required string Busy { get; init; }
    public required string NotAllowedInState { get; init; }
    public required string ReasonRequired { get; init; }
    public required string LastError { get; init; }
    public required string TroubleshootingEntry { get; init; }
    public required string Feed { get; init; }
    public required string Status { get; init; }
    public required string LastGoodRun { get; init; }
    public required string Rows { get; init; }
    public required string Stale { get; init; }
    public required string Fresh { get; init; }
    public required string NextRun { get; init; }
    public required string Refetch { get; init; }
    public required string TestConnection { get; init; }
    public required string ConnectionOk { get; init; }
    public required string ConnectionFailed { get; init; }
    public required string Run { get; init; }
    public required string Progress { get; init; }
    public required string RowsRead { get; init; }
    public required string BytesRead { get; init; }
    public required string Outcome { get; init; }
    public required string MalformedLines { get; init; }
    public required string PriceLookup { get; init; }
    public required string Sku { get; init; }
    public required string LookUp { get; init; }
    public required string Price { get; init; }
    public required string PriceHistory { get; init; }
    public required string SkuNotFound { get; init; }
    public required string Removed { get; init; }
    public required string FaultMessage { get; init; }
    public required string Replay { get; init; }
    public required string ReplayReason { get; init; }
    public required string Replayed { get; init; }
    public required string QueueEmpty { get; init; }
    public required string Never { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string Until { get; init; }
    public required string Why { get; init; }
    public required string By { get; init; }
    public required string RunStillGoing { get; init; }
    public required string BackToFeeds { get; init; }
    public required string SkipToContent { get; init; }
    public required IReadOnlyDictionary<string, string> States { get; init; }
    public required IReadOnlyDictionary<string, string> RunStatuses { get; init; }
    public required Func<long, string> Integer { get; init; }
    public required Func<decimal, string> Money { get; init; }
    public required Func<DateTimeOffset, string> Time { get; init; }

    public string StateName(string state) => States.TryGetValue(state, out var name) ? name : state;

    public string RunStatusName(string status) => RunStatuses.TryGetValue(status, out var name) ? name : status;

    public string When(DateTimeOffset? at) => at is { } t ? Time(t) : Never;

    public static readonly ConsoleText Portuguese = new()
    {
        Code = "pt-BR", Product = "ErpConnector — console", Overview = "Visão geral", Attention = "Negócios que precisam de atenção",
        Feeds = "Tabelas de preço dos distribuidores", ErrorQueue = "Fila de erros", Help = "Solução de problemas",
        SignIn = "Entrar", SignOut = "Sair", SignedInAs = "Conectado como", ApiKey = "Chave de API",
        ApiKeyHint = "A chave que o administrador lhe entregou (a mesma do cabeçalho X-Api-Key).",
        SignInWithProvider = "Entrar com o provedor de identidade",
        WrongKey = "Chave de API não reconhecida. Confira se copiou a chave inteira, sem espaços; se ela foi trocada, peça a nova ao administrador.",
        SignedOut = "Você saiu do console.", Denied = "Acesso negado",
        DeniedText = "Sua credencial não tem permissão para esta ação. Peça ao administrador o escopo necessário.",
        Language = "Idioma", Today = "Hoje", ThisMonth = "Este mês", DealsByState = "Negócios por situação",
        NeedsAttentionNow = "Precisam de atenção agora", OmieAccess = "Acesso ao Omie", OmieFlowing = "Chamadas ao Omie fluindo normalmente.",
        OmiePausedUntil = "Chamadas ao Omie pausadas até", OmieBudget = "Cota de requisições do Omie em uso",
        StaleFeeds = "Tabelas desatualizadas", NoStaleFeeds = "Nenhuma tabela desatualizada.", ErrorQueueDepth = "Mensagens na fila de erros",
        NoBroker = "O serviço usa o barramento em memória: não há fila de erros.", RejectedCredentials = "Credenciais recusadas",
        NoRejectedCredentials = "Nenhuma credencial recusada.", WhatToDo = "O que fazer", State = "Situação", AllStates = "Todas",
        ChangedFrom = "Alterado a partir de", ChangedTo = "Alterado até", Search = "Buscar",
        SearchHint = "ID do negócio, CPF/CNPJ (com ou sem máscara) ou nome do cliente", ShowDocuments = "Mostrar CPF/CNPJ completos",
        Filter = "Filtrar", NextPage = "Próxima página", FirstPage = "Primeira página", Deal = "Negócio", Customer = "Cliente",
        Document = "CPF/CNPJ", Total = "Total", Changed = "Alterado em", Message = "Mensagem (literal)", CorrectiveAction = "Ação corretiva",
        NothingNeedsAttention = "Nenhum negócio precisa de atenção.", Timeline = "Linha do tempo", Services = "Serviços",
        OmieIds = "Identificadores no Omie", Nfse = "NFS-e", NfseNumber = "Número", VerificationCode = "Código de verificação",
        NfseLink = "Abrir NFS-e (PDF/XML)", NoNfse = "Ainda sem NFS-e.", Actions = "Ações", Retry = "Tentar novamente",
        RetryHint = "Depois de corrigir os dados ou a configuração: retoma do passo em que parou, sem criar segunda OS ou nota.",
        Dismiss = "Dispensar", DismissReason = "Motivo (obrigatório)", DismissHint = "Resolvido fora do conector: quem e por que ficam registrados.",
        CancelNfse = "Cancelar NFS-e",
        BackToDeal = "Voltar ao negócio",
        CancelNfseWarning = "O cancelamento é pedido ao Omie, que o envia à prefeitura. Não pode ser desfeito; algumas prefeituras só cancelam dentro de um prazo.",
        CancelReason = "Motivo do cancelamento (obrigatório)",
        CancelReasonHint = "De 15 a 255 caracteres, em uma linha: fica no histórico do negócio com o seu nome.",
        CancelContinue = "Continuar",
        CancelConfirmQuestion = "Confirma o cancelamento desta NFS-e? Depois de enviado, não há como desfazer.",
        CancelConfirm = "Confirmar cancelamento",
        CancelKeep = "Não cancelar",
        CancelRequested = "Cancelamento solicitado: o conector envia ao Omie e aguarda a confirmação da prefeitura.",
        CancelJoined = "Já havia um cancelamento em andamento; este pedido se juntou a ele.",
        AlreadyCancelled = "A NFS-e já está cancelada.",
        NfseCityPage = "Página da NFS-e na prefeitura",
        NfsePdf = "PDF da NFS-e",
        NfseXml = "XML da NFS-e (arquivado)",
        NfseRps = "RPS",
        NfseStatement = "Demonstrativo (PDF)",
        SubstituteNfse = "Substituída pela NFS-e",
        Cancellation = "Cancelamento",
        RequestedBy = "Pedido por",
        CancellationSent = "Enviado ao Omie em",
        CancellationConfirmed = "Cancelada em",
        CancellationPending = "Aguardando a confirmação do Omie/prefeitura.",
        CancellationRefused = "Cancelamento recusado ou não confirmado: a NFS-e continua emitida.",
        Boleto = "Boleto",
        BoletoOpen = "Abrir boleto",
        DigitableLine = "Linha digitável",
        BoletoNumber = "Número do boleto",
        PaidTitle = "Pago",
        PaidAmount = "Valor pago",
        PaidOn = "Pago em",
        AwaitingCity = "Aguardando a prefeitura",
        AwaitingCityWhat = "A prefeitura ainda não processou o RPS. O financeiro precisa agir:",
        SalesOsWriteBack = "Atualização no SalesOS",
        WriteBackDelivered = "entregue",
        WriteBackPending = "pendente",
        WriteBackNone = "Nada a enviar ao SalesOS ainda (ou o envio está desligado).",
        NextAttempt = "Próxima tentativa",
        Attempts = "Tentativas",
        SalesOsClient = "Cliente de API do SalesOS",
        SalesOsRefusedSince = "recusado desde",
        CredentialsAlsoSee = "Entregas recusadas não deixam rastro aqui; se algo parou de chegar, veja:",
        OmieWebhookRefused = "webhook do Omie (token/appKey)",
        CancelReasonInvalid = n => $"O motivo precisa ter de 15 a 255 caracteres, sem quebras de linha (tem {n}).",
        NoActions = "Nenhuma ação disponível nesta situação.",
        ReadOnly = "Sua credencial é somente leitura: as ações não são exibidas.", DealNotFound = "Negócio não encontrado.",
        Retried = "Nova tentativa iniciada.", Dismissed = "Negócio dispensado.", Busy = "O conector está processando este negócio agora; tente de novo em instantes.",
        NotAllowedInState = "Esta ação não é permitida na situação atual.", ReasonRequired = "Informe o motivo da dispensa.",
        LastError = "Último erro", TroubleshootingEntry = "Como resolver", Feed = "Tabela", Status = "Estado", LastGoodRun = "Última carga boa",
        Rows = "Linhas", Stale = "Desatualizada", Fresh = "Em dia", NextRun = "Próxima execução", Refetch = "Buscar agora",
        TestConnection = "Testar conexão", ConnectionOk = "Conexão OK", ConnectionFailed = "Falha na conexão", Run = "Execução",
        Progress = "Progresso", RowsRead = "linhas lidas", BytesRead = "bytes lidos", Outcome = "Resultado",
        MalformedLines = "Primeiras linhas malformadas", PriceLookup = "Consultar preço por SKU", Sku = "SKU", LookUp = "Consultar",
        Price = "Preço", PriceHistory = "Histórico de preço", SkuNotFound = "SKU sem preço nesta tabela.", Removed = "removido",
        FaultMessage = "Falha", Replay = "Reenviar", ReplayReason = "Motivo do reenvio", Replayed = "Mensagem reenviada.",
        QueueEmpty = "A fila de erros está vazia.", Never = "nunca", Yes = "sim", No = "não", Until = "até", Why = "Motivo", By = "por",
        RunStillGoing = "Em andamento…", BackToFeeds = "Voltar às tabelas", SkipToContent = "Ir para o conteúdo",
        States = new Dictionary<string, string>
        {
            ["received"] = "recebido", ["rejected"] = "rejeitado", ["customer-registered"] = "cliente cadastrado",
            ["order-created"] = "OS criada", ["invoiced"] = "faturado", ["issued"] = "NFS-e emitida", ["failed"] = "falhou",
            ["dismissed"] = "dispensado", ["stuck"] = "parado", ["uncertain"] = "incerto",
            ["cancel-requested"] = "cancelamento solicitado", ["cancelled"] = "NFS-e cancelada", ["awaiting-city"] = "aguardando a prefeitura",
            ["paid"] = "pago",
        },
        RunStatuses = new Dictionary<string, string>
        {
            ["queued"] = "na fila", ["running"] = "em execução", ["applied"] = "aplicada", ["rejected"] = "recusada",
            ["failed"] = "falhou", ["interrupted"] = "interrompida",
        },
        Integer = n => n.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.'),
        Money = m => "R$ " + m.ToString("#,0.00", CultureInfo.InvariantCulture).Replace(',', '_').Replace('.', ',').Replace('_', '.'),
        Time = t => t.UtcDateTime.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC",
    };

    public static readonly ConsoleText English = new()
    {
        Code = "en", Product = "ErpConnector — console", Overview = "Overview", Attention = "Deals needing attention",
        Feeds = "Distributor price feeds", ErrorQueue = "Error queue", Help = "Troubleshooting",
        SignIn = "Sign in", SignOut = "Sign out", SignedInAs = "Signed in as", ApiKey = "API key",
        ApiKeyHint = "The key your administrator gave you (the same one as the X-Api-Key header).",
        SignInWithProvider = "Sign in with the identity provider",
        WrongKey = "API key not recognised. Check that you copied the whole key without spaces; if it was rotated, ask your administrator for the new one.",
        SignedOut = "You signed out of the console.", Denied = "Access denied",
        DeniedText = "Your credential is not allowed to do this. Ask your administrator for the scope it needs.",
        Language = "Language", Today = "Today", ThisMonth = "This month", DealsByState = "Deals by state",
        NeedsAttentionNow = "Need attention now", OmieAccess = "Omie access", OmieFlowing = "Omie calls are flowing.",
        OmiePausedUntil = "Omie calls paused until", OmieBudget = "Omie request budget in use",
        StaleFeeds = "Stale feeds", NoStaleFeeds = "No stale feeds.", ErrorQueueDepth = "Messages in the error queue",
        NoBroker = "The service runs on the in-memory bus: there is no error queue.", RejectedCredentials = "Rejected credentials",
        NoRejectedCredentials = "No credential was rejected.", WhatToDo = "What to do", State = "State", AllStates = "All",
        ChangedFrom = "Changed from", ChangedTo = "Changed until", Search = "Search",
        SearchHint = "Deal id, CPF/CNPJ (masked or not) or customer name", ShowDocuments = "Show full CPF/CNPJ",
        Filter = "Filter", NextPage = "Next page", FirstPage = "First page", Deal = "Deal", Customer = "Customer",
        Document = "CPF/CNPJ", Total = "Total", Changed = "Changed", Message = "Message (verbatim)", CorrectiveAction = "Corrective action",
        NothingNeedsAttention = "No deal needs attention.", Timeline = "Timeline", Services = "Services",
        OmieIds = "Omie ids", Nfse = "NFS-e", NfseNumber = "Number", VerificationCode = "Verification code",
        NfseLink = "Open the NFS-e (PDF/XML)", NoNfse = "No NFS-e yet.", Actions = "Actions", Retry = "Retry",
        RetryHint = "After fixing the data or configuration: resumes at the step it stopped at, never a second order or invoice.",
        Dismiss = "Dismiss", DismissReason = "Reason (required)", DismissHint = "Handled outside the connector: who and why are recorded.",
        CancelNfse = "Cancel NFS-e",
        BackToDeal = "Back to the deal",
        CancelNfseWarning = "The cancellation is asked of Omie, which sends it to the city. It cannot be undone; some cities only cancel within a window.",
        CancelReason = "Reason for the cancellation (required)",
        CancelReasonHint = "15 to 255 characters, on one line: kept in the deal's history with your name.",
        CancelContinue = "Continue",
        CancelConfirmQuestion = "Cancel this NFS-e? Once sent it cannot be undone.",
        CancelConfirm = "Confirm the cancellation",
        CancelKeep = "Do not cancel",
        CancelRequested = "Cancellation requested: the connector sends it to Omie and waits for the city to confirm.",
        CancelJoined = "A cancellation was already under way; this request joined it.",
        AlreadyCancelled = "The NFS-e is already cancelled.",
        NfseCityPage = "The NFS-e on the city's site",
        NfsePdf = "NFS-e PDF",
        NfseXml = "NFS-e XML (archived)",
        NfseRps = "RPS",
        NfseStatement = "Statement (PDF)",
        SubstituteNfse = "Replaced by NFS-e",
        Cancellation = "Cancellation",
        RequestedBy = "Requested by",
        CancellationSent = "Sent to Omie at",
        CancellationConfirmed = "Cancelled at",
        CancellationPending = "Waiting for Omie/the city to confirm.",
        CancellationRefused = "Cancellation refused or not confirmed: the NFS-e stays issued.",
        Boleto = "Boleto",
        BoletoOpen = "Open the boleto",
        DigitableLine = "Digitable line",
        BoletoNumber = "Boleto number",
        PaidTitle = "Paid",
        PaidAmount = "Amount paid",
        PaidOn = "Paid on",
        AwaitingCity = "Awaiting the city",
        AwaitingCityWhat = "The city has not processed the RPS yet. Finance must act:",
        SalesOsWriteBack = "SalesOS write-back",
        WriteBackDelivered = "delivered",
        WriteBackPending = "pending",
        WriteBackNone = "Nothing to send to SalesOS yet (or write-back is off).",
        NextAttempt = "Next attempt",
        Attempts = "Attempts",
        SalesOsClient = "SalesOS API client",
        SalesOsRefusedSince = "refused since",
        CredentialsAlsoSee = "Refused deliveries leave no trace here; if something stopped arriving, see:",
        OmieWebhookRefused = "Omie webhook (token/appKey)",
        CancelReasonInvalid = n => $"The reason needs 15 to 255 characters, without line breaks (it has {n}).",
        NoActions = "No action is possible in this state.",
        ReadOnly = "Your credential is read-only: actions are not shown.", DealNotFound = "Deal not found.",
        Retried = "Retry started.", Dismissed = "Deal dismissed.", Busy = "The connector is working on this deal right now; try again in a moment.",
        NotAllowedInState = "This action is not allowed in the deal's current state.", ReasonRequired = "Give the reason for dismissing it.",
        LastError = "Last error", TroubleshootingEntry = "How to fix it", Feed = "Feed", Status = "Status", LastGoodRun = "Last good run",
        Rows = "Rows", Stale = "Stale", Fresh = "Fresh", NextRun = "Next run", Refetch = "Re-fetch now",
        TestConnection = "Test connection", ConnectionOk = "Connection OK", ConnectionFailed = "Connection failed", Run = "Run",
        Progress = "Progress", RowsRead = "rows read", BytesRead = "bytes read", Outcome = "Outcome",
        MalformedLines = "First malformed lines", PriceLookup = "Price lookup by SKU", Sku = "SKU", LookUp = "Look up",
        Price = "Price", PriceHistory = "Price history", SkuNotFound = "No price for this SKU in this feed.", Removed = "removed",
        FaultMessage = "Fault", Replay = "Replay", ReplayReason = "Reason for the replay", Replayed = "Message replayed.",
        QueueEmpty = "The error queue is empty.", Never = "never", Yes = "yes", No = "no", Until = "until", Why = "Reason", By = "by",
        RunStillGoing = "Running…", BackToFeeds = "Back to the feeds", SkipToContent = "Skip to content",
        States = new Dictionary<string, string>
        {
            ["received"] = "received", ["rejected"] = "rejected", ["customer-registered"] = "customer registered",
            ["order-created"] = "order created", ["invoiced"] = "invoiced", ["issued"] = "NFS-e issued", ["failed"] = "failed",
            ["dismissed"] = "dismissed", ["stuck"] = "stuck", ["uncertain"] = "uncertain",
            ["cancel-requested"] = "cancellation requested", ["cancelled"] = "NFS-e cancelled", ["awaiting-city"] = "awaiting the city",
            ["paid"] = "paid",
        },
        RunStatuses = new Dictionary<string, string>
        {
            ["queued"] = "queued", ["running"] = "running", ["applied"] = "applied", ["rejected"] = "rejected",
            ["failed"] = "failed", ["interrupted"] = "interrupted",
        },
        Integer = n => n.ToString("#,0", CultureInfo.InvariantCulture),
        Money = m => "R$ " + m.ToString("#,0.00", CultureInfo.InvariantCulture),
        Time = t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
    };

    /// <summary>Cookie holding the language a person chose with the switch.</summary>
    public const string LanguageCookie = ".erp.console.lang";

    /// <summary>The chosen language, else English when the browser prefers it, else Portuguese.</summary>
    public static ConsoleText For(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(LanguageCookie, out var chosen))
            return chosen == "en" ? English : Portuguese;
        var first = http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        return first?.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? English : Portuguese;
    }
}
