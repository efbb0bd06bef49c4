using System.Net;
using System.Net.Sockets;

namespace OneCity.Web.Tests.Infrastructure;

/// <summary>Loopback ports for tests that start a real listener of their own (a broker, a host process).</summary>
public static class Ports
{
    /// <summary>A port free on 127.0.0.1 at the moment of asking.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
