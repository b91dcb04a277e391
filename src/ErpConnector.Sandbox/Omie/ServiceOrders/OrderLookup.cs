using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>Finds the order a <c>{cCodIntOS | nCodOS}</c> key names, with Omie's not-found fault.</summary>
public static class OrderLookup
{
    public static string? Key(JsonObject p) => p.Text("cCodIntOS") ?? p.Text("nCodOS");

    public static ServiceOrder Find(OmieCall call)
    {
        var orders = call.Account.Orders;
        if (call.Param.Text("cCodIntOS") is { } code)
        {
            return orders.FirstOrDefault(o => o.IntegrationCode == code) ?? throw Faults.OrderNotFound(code);
        }
        if (call.Param.Id("nCodOS") is { } id)
        {
            return orders.FirstOrDefault(o => o.Id == id) ?? throw Faults.OrderNotFound(id);
        }
        throw Faults.OrderNotFound("");
    }
}
