using System.Diagnostics;
using Lepton.Nn.Models;
using Lepton.Serving.Observability;
using Lepton.Serving.Runtimes;
using Microsoft.Extensions.Logging;

namespace Lepton.Serving.Batching;

/// <summary>
/// The bounded queue and the inference threads of one model version. A worker takes the oldest request, waits
/// up to the maximum queue delay for more that fit beside it (same per-sample shapes, up to the maximum batch
/// size), runs them as one forward pass of its <see cref="IInferenceRunner"/> (TorchSharp or ONNX Runtime), and
/// hands each request its rows. Requests whose deadline has passed are answered without being run. Closing lets
/// the workers finish everything queued. At most <see cref="ServingOptions.Workers"/> passes run at once: each holds
/// one of as many slots. A request that arrives alone, when nothing runs or waits, takes a slot and runs on its
/// caller's thread instead of waking a worker, which saves two thread hand-offs on every request of a lightly
/// loaded server.
/// </summary>
internal sealed class InferenceBatcher
{
    private readonly IInferenceRunner _runner;
    private readonly int _maxBatch;
    private readonly long _maxDelayTicks;
    private readonly int _capacity;
    private readonly Queue<InferenceItem> _queue = new();
    private readonly Thread[] _threads;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ServingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string[] _labels;
    private readonly Func<int> _inFlight;
    private readonly int _workers;
    private int _running;
    private int _freeSlots;
    private bool _closed;

    // inFlight: how many requests for this model the server is handling now (arrived, not yet answered).
    public InferenceBatcher(Model model, string name, string version, ServingOptions options, ServingMetrics metrics, ILogger logger, Func<int> inFlight)
        : this(new TorchRunner(model, options.ThreadsPerWorker), name, version, options, metrics, logger, inFlight)
    {
    }

    public InferenceBatcher(IInferenceRunner runner, string name, string version, ServingOptions options, ServingMetrics metrics, ILogger logger, Func<int> inFlight)
    {
        _inFlight = inFlight;
        _runner = runner;
        _maxBatch = options.Batching ? options.MaxBatchSize : 1;
        _maxDelayTicks = options.Batching ? (long)(options.MaxQueueDelay.TotalSeconds * Stopwatch.Frequency) : 0;
        _capacity = options.QueueCapacity;
        _metrics = metrics;
        _logger = logger;
        _labels = [name, version];
        _workers = options.Workers;
        _running = options.Workers;
        _freeSlots = options.Workers;
        _metrics.QueueDepth.WithLabels(_labels).Set(0);
        _threads = new Thread[options.Workers];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"lepton-infer {name}/{version} #{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>What runs the passes: TorchSharp or ONNX Runtime, with the model's inputs, outputs and metadata.</summary>
    public IInferenceRunner Runner => _runner;

    /// <summary>The most requests that may wait at once.</summary>
    public int Capacity => _capacity;

    /// <summary>Requests waiting now.</summary>
    public int Depth
    {
        get { lock (_queue) return _queue.Count; }
    }

    /// <summary>Adds a request unless the queue is full or closed.</summary>
    public EnqueueOutcome TryEnqueue(InferenceItem item)
    {
        lock (_queue)
        {
            if (_closed) return EnqueueOutcome.Closed;
            if (_queue.Count >= _capacity) return EnqueueOutcome.Full;
            _queue.Enqueue(item);
            _metrics.QueueDepth.WithLabels(_labels).Set(_queue.Count);
            Monitor.Pulse(_queue);
            return EnqueueOutcome.Accepted;
        }
    }

    /// <summary>
    /// Runs <paramref name="item"/> on the calling thread when it is the only request for the model in flight and
    /// no pass runs or waits; false (nothing done) otherwise, and the caller queues it. Requests that have arrived but
    /// wait for a thread-pool thread are not yet counted in flight, so a backed-up pool also sends the request to the
    /// queue: running it here would hold a pool thread and hide the very concurrency batching is for.
    /// </summary>
    public bool TryRunAlone(InferenceItem item)
    {
        if (ThreadPool.PendingWorkItemCount > 0) return false;
        lock (_queue)
        {
            if (_closed || _queue.Count > 0 || _freeSlots < _workers || _inFlight() > 1) return false;
            _freeSlots--;
        }
        try
        {
            if (Claim(item)) Run([item]);
        }
        finally
        {
            ReleaseSlot();
        }
        return true;
    }

    /// <summary>Takes no more requests, lets the workers run everything already queued, and waits for them to stop.</summary>
    public Task CloseAsync()
    {
        lock (_queue)
        {
            _closed = true;
            Monitor.PulseAll(_queue);
        }
        return _stopped.Task;
    }

    private void Work()
    {
        try
        {
            var batch = new List<InferenceItem>(_maxBatch);
            while (TakeBatch(batch))
            {
                try
                {
                    Run(batch);
                }
                finally
                {
                    batch.Clear();
                    ReleaseSlot();
                }
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                // A request running on its caller's thread still holds a slot: the model stays until it is done.
                lock (_queue)
                {
                    while (_freeSlots < _workers) Monitor.Wait(_queue);
                }
                _stopped.TrySetResult();
            }
        }
    }

    private void ReleaseSlot()
    {
        lock (_queue)
        {
            _freeSlots++;
            Monitor.PulseAll(_queue);
        }
    }

    /// <summary>
    /// Takes a slot and fills <paramref name="batch"/> with requests to run together; false when the queue is
    /// closed and empty. The caller runs the batch and then releases the slot.
    /// </summary>
    private bool TakeBatch(List<InferenceItem> batch)
    {
        lock (_queue)
        {
            var samples = 0;
            long closeAt = 0;
            var holding = false;
            while (true)
            {
                if (!holding)
                {
                    if (_queue.Count == 0 || _freeSlots == 0)
                    {
                        if (_closed && _queue.Count == 0) return false;
                        Monitor.Wait(_queue);
                        continue;
                    }
                    _freeSlots--;
                    holding = true;
                }

                while (_queue.Count > 0 && samples < _maxBatch)
                {
                    var next = _queue.Peek();
                    if (batch.Count > 0 && (!next.FitsWith(batch[0]) || samples + next.Samples > _maxBatch)) break;
                    _queue.Dequeue();
                    if (!Claim(next)) continue;
                    if (batch.Count == 0) closeAt = next.EnqueuedAt + _maxDelayTicks;
                    batch.Add(next);
                    samples += next.Samples;
                }
                _metrics.QueueDepth.WithLabels(_labels).Set(_queue.Count);

                if (batch.Count == 0)
                {
                    // Everything taken had expired: give the slot back and wait for more.
                    _freeSlots++;
                    holding = false;
                    continue;
                }

                // Stop gathering when full, when the next request cannot join, when closing, when no other request is on
                // its way (a lone caller never pays the delay), or when the delay is spent.
                if (samples >= _maxBatch || _queue.Count > 0 || _closed || _inFlight() <= batch.Count) return true;
                var wait = closeAt - Stopwatch.GetTimestamp();
                if (wait <= 0) return true;
                Monitor.Wait(_queue, TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            }
        }
    }

    /// <summary>Takes a request for a batch, or answers it at once when its deadline has passed or its caller left.</summary>
    private bool Claim(InferenceItem item)
    {
        var now = Stopwatch.GetTimestamp();
        if (item.IsExpired(now))
        {
            if (item.TryAbandon())
            {
                var waited = Stopwatch.GetElapsedTime(item.EnqueuedAt, now);
                item.Complete(InferenceOutcome.TimedOut(waited));
            }
            return false;
        }
        if (!item.TryStart()) return false;
        _metrics.QueueTime.WithLabels(_labels).Observe(Stopwatch.GetElapsedTime(item.EnqueuedAt, now).TotalSeconds);
        return true;
    }

    private void Run(List<InferenceItem> batch)
    {
        var total = 0;
        foreach (var item in batch) total += item.Samples;
        var started = Stopwatch.GetTimestamp();
        float[] outputs;
        float[]? probabilities;
        long[] sampleShape;
        try
        {
            (outputs, probabilities, sampleShape) = _runner.Run(batch, total);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Inference failed for a batch of {Samples} samples from {Requests} requests", total, batch.Count);
            foreach (var item in batch) item.Complete(InferenceOutcome.Faulted(ex.GetType().Name));
            return;
        }

        _metrics.InferenceTime.WithLabels(_labels).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        _metrics.BatchSize.WithLabels(_labels).Observe(total);
        _metrics.BatchRequests.WithLabels(_labels).Observe(batch.Count);

        var rowLength = outputs.Length / total;
        var offset = 0;
        foreach (var item in batch)
        {
            var length = item.Samples * rowLength;
            var mine = batch.Count == 1 ? outputs : outputs.AsSpan(offset, length).ToArray();
            var myProbabilities = probabilities is null ? null : batch.Count == 1 ? probabilities : probabilities.AsSpan(offset, length).ToArray();
            item.Complete(InferenceOutcome.Completed(new InferenceResult(mine, myProbabilities, sampleShape, item.Samples)));
            offset += length;
        }
    }
}
