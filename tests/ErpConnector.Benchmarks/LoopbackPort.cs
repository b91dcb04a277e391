using System.Net;
using System.Net.Sockets;

namespace ErpConnector.Benchmarks;

/// <summary>A free TCP port on loopback, for a service process the benchmark starts.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
