using System.Diagnostics;

namespace Lepton.Serving.Batching;

/// <summary>
/// One request waiting for a worker: its inputs (row-major, one array per model input), its deadline, and the
/// promise the worker keeps: its <see cref="InferenceOutcome"/>. A request is claimed exactly once: by a worker (run)
/// or by its caller (gave up).
/// </summary>
internal sealed class InferenceItem
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Abandoned = 2;
    private readonly TaskCompletionSource<InferenceOutcome> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public InferenceItem(float[][] inputs, long[][] sampleShapes, int samples, long deadline)
    {
        Inputs = inputs;
        SampleShapes = sampleShapes;
        Samples = samples;
        Deadline = deadline;
        EnqueuedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>A request for a whole table model: per raw column, one value per sample (typed as the graph declares).</summary>
    public InferenceItem(IReadOnlyList<Array> columns, int samples, long deadline)
        : this([], [], samples, deadline)
    {
        Columns = columns;
    }

    /// <summary>A whole table model's raw columns (one typed array per column), or null for tensors (<see cref="Inputs"/>).</summary>
    public IReadOnlyList<Array>? Columns { get; }

    /// <summary>Per model input, every sample's values, row-major.</summary>
    public float[][] Inputs { get; }

    /// <summary>Per model input, the shape of one sample.</summary>
    public long[][] SampleShapes { get; }

    /// <summary>How many samples the request carries (its batch dimension).</summary>
    public int Samples { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp after which the request must not be run.</summary>
    public long Deadline { get; }

    /// <summary>When it entered the queue (a <see cref="Stopwatch"/> timestamp).</summary>
    public long EnqueuedAt { get; }

    /// <summary>Completes when a worker ran the request or found its deadline passed.</summary>
    public Task<InferenceOutcome> Outcome => _promise.Task;

    public bool IsExpired(long now) => now > Deadline;

    /// <summary>A worker takes the request to run it; false when its caller already gave up.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Running, Queued) == Queued;

    /// <summary>The caller gives up on a request still queued; false when a worker is already running it.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

    public void Complete(InferenceOutcome outcome) => _promise.TrySetResult(outcome);

    /// <summary>Whether another request can share a forward pass with this one (same per-sample shapes).</summary>
    public bool FitsWith(InferenceItem other)
    {
        for (var i = 0; i < SampleShapes.Length; i++)
        {
            if (!SampleShapes[i].AsSpan().SequenceEqual(other.SampleShapes[i])) return false;
        }
        return true;
    }
}
