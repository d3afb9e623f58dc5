using System.Diagnostics;
using Lepton.Nn.Models;
using Lepton.Serving.Batching;
using Lepton.Serving.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Serving.Tests;

/// <summary>The batcher on its own, with no server: what it reports for each request, in its own terms.</summary>
public sealed class BatcherOutcomeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_batcher_reports_a_run_a_passed_deadline_and_a_failed_pass_as_outcomes()
    {
        using var model = Model.Load(TestModels.Classifier());
        var batcher = new InferenceBatcher(model, "clf", "1", new ServingOptions(), new ServingMetrics(), NullLogger.Instance, () => 1);

        var ran = Item(4, Later());
        Assert.Equal(EnqueueOutcome.Accepted, batcher.TryEnqueue(ran));
        var completed = await ran.Outcome.WaitAsync(Patience);
        Assert.Equal(InferenceStatus.Completed, completed.Status);
        Assert.Equal(3, completed.Result!.Outputs.Length);
        Assert.Equal(1, completed.Result.Samples);

        var late = Item(4, Stopwatch.GetTimestamp() - 1);
        Assert.Equal(EnqueueOutcome.Accepted, batcher.TryEnqueue(late));
        var timedOut = await late.Outcome.WaitAsync(Patience);
        Assert.Equal(InferenceStatus.TimedOut, timedOut.Status);
        Assert.Null(timedOut.Result);
        Assert.NotNull(timedOut.Waited);

        // Five features for a model that takes four: the forward pass throws, and the request learns only the error's kind.
        var wrong = Item(5, Later());
        Assert.Equal(EnqueueOutcome.Accepted, batcher.TryEnqueue(wrong));
        var faulted = await wrong.Outcome.WaitAsync(Patience);
        Assert.Equal(InferenceStatus.Faulted, faulted.Status);
        Assert.False(string.IsNullOrEmpty(faulted.Error));

        await batcher.CloseAsync().WaitAsync(Patience);
        Assert.Equal(EnqueueOutcome.Closed, batcher.TryEnqueue(Item(4, Later())));
    }

    [Fact]
    public async Task A_full_queue_refuses_the_next_request_without_running_it()
    {
        using var model = Model.Load(TestModels.Slow());
        var options = new ServingOptions { Batching = false, Workers = 1, QueueCapacity = 1 };
        var batcher = new InferenceBatcher(model, "slow", "1", options, new ServingMetrics(), NullLogger.Instance, () => 3);

        // A pass of 1024 rows keeps the only worker busy while one request waits and the next finds the queue full.
        var running = new InferenceItem([new float[1024 * 64]], [[64]], 1024, Later());
        Assert.Equal(EnqueueOutcome.Accepted, batcher.TryEnqueue(running));
        var clock = Stopwatch.StartNew();
        while (batcher.Depth > 0 && clock.Elapsed < Patience) await Task.Delay(1);
        var waiting = new InferenceItem([new float[64]], [[64]], 1, Later());
        Assert.Equal(EnqueueOutcome.Accepted, batcher.TryEnqueue(waiting));
        Assert.Equal(EnqueueOutcome.Full, batcher.TryEnqueue(new InferenceItem([new float[64]], [[64]], 1, Later())));

        Assert.Equal(InferenceStatus.Completed, (await running.Outcome.WaitAsync(Patience)).Status);
        Assert.Equal(InferenceStatus.Completed, (await waiting.Outcome.WaitAsync(Patience)).Status);
        await batcher.CloseAsync().WaitAsync(Patience);
    }

    private static InferenceItem Item(int features, long deadline) => new([new float[features]], [[features]], 1, deadline);

    private static long Later() => Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
}
