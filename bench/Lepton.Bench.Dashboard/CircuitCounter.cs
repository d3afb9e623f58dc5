using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Lepton.Bench.Dashboard;

/// <summary>Counts Blazor Server circuits open and connected, to put a server memory figure per circuit.</summary>
internal sealed class CircuitCounter : CircuitHandler
{
    private int open;
    private int connected;

    public int Open => Volatile.Read(ref open);

    public int Connected => Volatile.Read(ref connected);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref connected);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref connected);
        return Task.CompletedTask;
    }
}
