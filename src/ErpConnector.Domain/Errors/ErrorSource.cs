namespace ErpConnector.Domain.Errors;

/// <summary>Where an error was observed. Written <c>omie-fault</c>, <c>city-message</c>, <c>http</c>, <c>transport</c> in the table.</summary>
public enum ErrorSource
{
    /// <summary>Omie answered with a fault body: Code = faultcode, Message = faultstring.</summary>
    OmieFault,
    /// <summary>A <c>StatusOS.ListaRpsNfse[].mensagens[]</c> entry: Code = cCodigo, Message = cDescricao, RpsStatus = cStatusRps.</summary>
    CityMessage,
    /// <summary>An HTTP error without a fault body: HttpStatus set, Message = body or reason phrase.</summary>
    Http,
    /// <summary>No answer at all (timeout, connection reset, DNS): Code = the failure's kind, Message = its text.</summary>
    Transport,
}
