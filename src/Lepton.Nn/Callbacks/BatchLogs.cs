namespace Lepton.Nn.Callbacks;

/// <summary>
/// The running figures of the epoch in progress. Metrics are computed only when asked for, so a callback that
/// does not read them costs nothing.
/// </summary>
public sealed class BatchLogs
{
    private readonly Func<IReadOnlyDictionary<string, double>> _metrics;

    internal BatchLogs(int step, int steps, int size, double loss, Func<IReadOnlyDictionary<string, double>> metrics)
    {
        Step = step;
        Steps = steps;
        Size = size;
        Loss = loss;
        _metrics = metrics;
    }

    /// <summary>Batches done in this epoch (1-based).</summary>
    public int Step { get; }

    /// <summary>Batches in the epoch.</summary>
    public int Steps { get; }

    /// <summary>Examples in this batch.</summary>
    public int Size { get; }

    /// <summary>The mean loss over the epoch so far.</summary>
    public double Loss { get; }

    /// <summary>Loss and metrics over the epoch so far.</summary>
    public IReadOnlyDictionary<string, double> Values() => _metrics();
}
