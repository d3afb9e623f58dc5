using System.Diagnostics;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Bench.Serving;

/// <summary>The ceiling: the same model's batched Predict in this process, and its single-sample time.</summary>
internal static class InProcessLimit
{
    public static (double SamplesPerSecond, double SingleSampleMs, double SingleSampleP99Ms) Measure(string modelPath, int batch, double seconds)
    {
        using var model = Model.Load(modelPath);
        var shape = model.InputShapes[0];
        using (NewDisposeScope())
        {
            for (var i = 0; i < 5; i++) model.Predict(rand(shape.WithBatch(batch)));
        }

        var samples = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using var scope = NewDisposeScope();
            model.Predict(rand(shape.WithBatch(batch)));
            samples += batch;
        }
        var throughput = samples / clock.Elapsed.TotalSeconds;

        var singles = new List<double>();
        var deadline = Stopwatch.StartNew();
        while (singles.Count < 100 || (deadline.Elapsed.TotalSeconds < Math.Max(0.5, seconds / 2) && singles.Count < 5000))
        {
            using var scope = NewDisposeScope();
            var x = rand(shape.WithBatch(1));
            var started = Stopwatch.GetTimestamp();
            model.Predict(x);
            singles.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        singles.Sort();
        return (throughput, singles[singles.Count / 2], singles[(int)Math.Ceiling(0.99 * singles.Count) - 1]);
    }
}
