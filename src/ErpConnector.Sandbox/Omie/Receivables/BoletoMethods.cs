using System.Globalization;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox.Omie.ServiceOrders;

namespace ErpConnector.Sandbox.Omie.Receivables;

/// <summary><c>financas/contareceberboleto/</c>: the boleto of a receivable (request/response per Omie's boletoObter types).</summary>
public static class BoletoMethods
{
    private const string Service = "financas/contareceberboleto";

    public static IEnumerable<OmieMethod> All =>
    [
        new(Service, "ObterBoleto", CallKind.Query, Obtain, Key),
    ];

    private static string? Key(JsonObject p) => p.Text("nCodTitulo") ?? p.Text("cCodIntTitulo") ?? OrderLookup.Key(p);

    /// <summary>
    /// <c>{nCodTitulo | cCodIntTitulo}</c> as Omie publishes it. The simulator also takes <c>nCodOS</c>/<c>cCodIntOS</c>
    /// (not Omie's: a convenience for a connector that polls before it has heard the title's id).
    /// </summary>
    private static Func<JsonNode> Obtain(OmieCall call)
    {
        var p = call.Param;
        var titleId = p.Id("nCodTitulo");
        var titleCode = p.Text("cCodIntTitulo");
        var hasOrderKey = p.Text("cCodIntOS") is not null || p.Id("nCodOS") is not null;
        var orderKey = OrderLookup.Read(p);
        return () =>
        {
            var account = call.Account;
            Receivable? receivable;
            if (titleId is { } id) receivable = account.ReceivableById(id) ?? throw Faults.TitleNotFound(id.ToString(CultureInfo.InvariantCulture));
            else if (titleCode is not null || !hasOrderKey)
            {
                var code = titleCode ?? throw Faults.RequiredTag("nCodTitulo");
                receivable = (account.OrderByCode(code) is { } byCode ? account.ReceivableByOrder(byCode.Id) : null)
                    ?? throw Faults.TitleNotFound(code);
            }
            else
            {
                var order = OrderLookup.Find(account, orderKey);
                receivable = account.ReceivableByOrder(order.Id) ?? throw Faults.TitleNotFound(order.Key);
            }
            if (receivable.Boleto is not { } boleto) throw Faults.NoBoleto(receivable.Id);
            return new JsonObject
            {
                ["cLinkBoleto"] = boleto.Link,
                ["cCodStatus"] = "0",
                ["cDesStatus"] = "Boleto obtido com sucesso!", // UNCONFIRMED wording.
                ["dDtEmBol"] = OmieDate.Write(boleto.IssuedAt),
                ["cNumBoleto"] = boleto.Number,
                ["cCodBarras"] = boleto.DigitableLine,
                ["nPerJuros"] = 0,
                ["nPerMulta"] = 0,
                ["cNumBancario"] = boleto.Number,
            };
        };
    }
}
