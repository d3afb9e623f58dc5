namespace Lepton.Cli.Commands;

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, so lines interleave and bars lag).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock gate = new();

    public void Report(T value)
    {
        lock (gate) report(value);
    }
}
