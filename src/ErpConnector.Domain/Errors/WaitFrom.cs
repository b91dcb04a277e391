namespace ErpConnector.Domain.Errors;

/// <summary>Where a row reads how long to wait. Written kebab-case in the table.</summary>
public enum WaitFrom
{
    /// <summary>The message states no wait; the row's default wait, if any, applies.</summary>
    None,
    /// <summary>"Aguarde 37 segundos", "Tente novamente em 1678 segundos" (minutes too).</summary>
    SecondsInMessage,
    /// <summary>"tente novamente às 19:04:08", a wall-clock time in America/Sao_Paulo.</summary>
    ClockTimeInMessage,
}
