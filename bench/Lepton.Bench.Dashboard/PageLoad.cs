namespace Lepton.Bench.Dashboard;

/// <summary>What one page load measured.</summary>
/// <param name="DrawnMs">Navigation start to all charts drawn (performance.now() in uPlot's draw hook).</param>
/// <param name="HttpBytes">Bytes received over HTTP, headers included (CDP encodedDataLength; 0 for a cache hit).</param>
/// <param name="SocketBytesReceived">WebSocket payload bytes received (Blazor Server's circuit).</param>
/// <param name="SocketBytesSent">WebSocket payload bytes sent.</param>
/// <param name="LargestSocketFrame">The largest WebSocket payload received, bytes.</param>
/// <param name="ZoomInMs">One setScale to the middle 10% of steps until redrawn, on chart 0.</param>
/// <param name="ZoomOutMs">One setScale back to every step until redrawn, on chart 0.</param>
internal sealed record PageLoad(
    double DrawnMs, long HttpBytes, long SocketBytesReceived, long SocketBytesSent, long LargestSocketFrame,
    double ZoomInMs, double ZoomOutMs);
