using System.Net;

namespace Lepton;

/// <summary>Where a Lepton server may listen without guarding who calls it.</summary>
public static class HostAddresses
{
    /// <summary>Whether <paramref name="host"/> reaches this machine only: <c>localhost</c>, 127.0.0.0/8 or <c>::1</c>.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
