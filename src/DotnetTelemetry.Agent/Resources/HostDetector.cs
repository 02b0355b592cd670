using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>Host name and the host's main address, from local information only (no DNS lookups, no outside calls).</summary>
internal static class HostDetector
{
    public static HostInfo Detect() => new()
    {
        Name = Environment.MachineName,
        Ip = MainAddress()?.ToString(),
    };

    /// <summary>The first IPv4 unicast address of an interface that is up and not loopback (IPv6 if there is none).</summary>
    private static IPAddress? MainAddress()
    {
        IPAddress? ipv6 = null;
        foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (network.OperationalStatus != OperationalStatus.Up || network.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }
            foreach (var unicast in network.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (IPAddress.IsLoopback(address))
                {
                    continue;
                }
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return address;
                }
                if (address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal)
                {
                    ipv6 ??= address;
                }
            }
        }
        return ipv6;
    }
}
