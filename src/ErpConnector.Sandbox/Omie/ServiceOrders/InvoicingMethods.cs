using System.Text.Json.Nodes;
using ErpConnector.Sandbox.Omie.Pushes;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary><c>servicos/osp/</c>: invoicing an order sends its RPS to the city; the NFS-e arrives later.</summary>
public static class InvoicingMethods
{
    private const string Service = "servicos/osp";

    public static IEnumerable<OmieMethod> All =>
    [
        new(Service, "FaturarOS", CallKind.Write, Invoice, OrderLookup.Key),
        // UNCONFIRMED method name: assumed API twin of the UI's "Reenviar NFS-e" (notes).
        new(Service, "ReenviarOS", CallKind.Write, Resend, OrderLookup.Key),
        new(Service, "CancelarOS", CallKind.Write, Cancel, OrderLookup.Key),
    ];

    private static Func<JsonNode> Invoice(OmieCall call)
    {
        var key = OrderLookup.Read(call.Param);
        return () =>
        {
            var account = call.Account;
            var order = OrderLookup.Find(account, key);
            if (order.Invoiced) throw Faults.OrderAlreadyInvoiced(order.Key);
            // Omie lets an order be created for a customer with only razao_social; the gap surfaces at invoicing.
            var customer = account.CustomerById(order.CustomerId)
                ?? throw Faults.CustomerNotFound(order.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (customer.Document is null) throw Faults.CustomerIncompleteForInvoice(customer.Id, "cnpj_cpf");
            if (customer.TradeName is null) throw Faults.CustomerIncompleteForInvoice(customer.Id, "nome_fantasia");

            order.Rps.Add(new Rps(account.NewRpsNumber(), call.Now, call.Now + account.Options.NfseIssueDelay));
            account.Send(order, order.Rps.Count - 1);
            account.Pushes.Publish(PushTopics.OrdemFaturada, PushEvents.Order(order));
            return Reply(order, "Ordem de Serviço faturada com sucesso!"); // UNCONFIRMED wording.
        };
    }

    private static Func<JsonNode> Resend(OmieCall call)
    {
        var key = OrderLookup.Read(call.Param);
        return () =>
        {
            var account = call.Account;
            var order = OrderLookup.Find(account, key);
            var index = order.Rps.FindLastIndex(r => r.Status == Rps.Rejected);
            if (index < 0) throw Faults.NothingToResend(order.Key);
            order.Rps[index].Resend(call.Now, call.Now + account.Options.NfseIssueDelay);
            account.Send(order, index);
            return Reply(order, "RPS reenviado para a prefeitura com sucesso!"); // UNCONFIRMED wording.
        };
    }

    /// <summary>
    /// CancelarOS <c>{nCodOS | cCodIntOS, cCancelarNfse}</c>. With "S" (the default) the NFS-e goes to the city, which
    /// decides after the usual delay: cancelled (RPS 005, cCancelada "S") within its window, refused with its message
    /// past it. The 200 only says the request was taken, as Focus NFe's 200 for a refused cancellation does.
    /// With "N" only the order is cancelled, at once, and the NFS-e stays valid.
    /// </summary>
    private static Func<JsonNode> Cancel(OmieCall call)
    {
        var key = OrderLookup.Read(call.Param);
        var flag = call.Param.Text("cCancelarNfse")?.ToUpperInvariant() ?? "S";
        return () =>
        {
            var account = call.Account;
            var order = OrderLookup.Find(account, key);
            if (flag is not ("S" or "N")) throw Faults.NotYesOrNo("cCancelarNfse");
            if (order.Cancelled) throw Faults.OrderAlreadyCancelled(order.Key);
            var index = order.Rps.FindLastIndex(r => r.Status == Rps.Issued);
            if (index < 0) throw Faults.NoNfseToCancel(order.Key);
            if (order.Rps[index].CancellationDueAt is not null) throw Faults.CancellationInProgress(order.Key);
            if (flag == "N")
            {
                order.Cancel(call.Now);
                account.Pushes.Publish(PushTopics.OrdemCancelada, PushEvents.Order(order));
                return Reply(order, "Ordem de Serviço cancelada com sucesso!"); // UNCONFIRMED wording.
            }
            account.RequestCancellation(order, index, call.Now + account.Options.NfseIssueDelay);
            return Reply(order, "Solicitação de cancelamento da NFS-e enviada para a prefeitura!"); // UNCONFIRMED wording.
        };
    }

    private static JsonObject Reply(ServiceOrder order, string description) => new()
    {
        ["cCodIntOS"] = order.IntegrationCode ?? "",
        ["nCodOS"] = order.Id,
        ["cCodStatus"] = "0",
        ["cDescStatus"] = description,
    };
}
