namespace Lepton.Serving.Hosting;

/// <summary>One request counted in its model's in-flight total until disposed.</summary>
internal readonly struct InFlightRequest(ModelSlot? slot) : IDisposable
{
    public void Dispose()
    {
        if (slot is not null) Interlocked.Decrement(ref slot.InFlight);
    }
}
