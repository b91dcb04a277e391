using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>Finds the order a <c>{cCodIntOS | nCodOS}</c> key names, with Omie's not-found fault.</summary>
public static class OrderLookup
{
    public static string? Key(JsonObject p) => p.Text("cCodIntOS") ?? p.Text("nCodOS");

    /// <summary>Reads the key out of the request; done outside the lock.</summary>
    public static OrderKey Read(JsonObject p) => p.Text("cCodIntOS") is { } code ? new(code, null) : new(null, p.Id("nCodOS"));

    /// <summary>The order the key names, by index; inside the lock.</summary>
    public static ServiceOrder Find(OmieAccount account, OrderKey key)
    {
        if (key.Code is { } code)
        {
            return account.OrderByCode(code) ?? throw Faults.OrderNotFound(code);
        }
        if (key.Id is { } id)
        {
            return account.OrderById(id) ?? throw Faults.OrderNotFound(id);
        }
        throw Faults.OrderNotFound("");
    }
}

/// <param name="Code">cCodIntOS, which wins when both are sent.</param>
/// <param name="Id">nCodOS.</param>
public readonly record struct OrderKey(string? Code, long? Id);
