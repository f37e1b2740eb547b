using System.Net;
using System.Net.Sockets;

namespace SciTldr.Testing;

/// <summary>Ports on 127.0.0.1 for the HTTP servers tests start (and for addresses where nothing listens).</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago: the OS picks it, and the probe lets it go again.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
