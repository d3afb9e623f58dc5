using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lepton.Cli.Commands.Compress;

/// <summary>Latency of one example and throughput at a batch of 64 of an ONNX Runtime session, measured the same way for both graphs.</summary>
internal static class SessionTiming
{
    public const int Batch = 64;

    /// <summary>
    /// Times <paramref name="sessions"/> in turns (float, int8, float, int8, …) so that load from other processes
    /// falls on both alike; returns each one's timing.
    /// </summary>
    public static CompressionReport.Timing[] Measure(IReadOnlyList<InferenceSession> sessions, IReadOnlyList<(string Name, float[] Data, int[] Dims)> sample, int rounds = 5)
    {
        var one = Inputs(sample, 1);
        var batch = Inputs(sample, Batch);
        var singles = sessions.Select(_ => new List<double>()).ToArray();
        var throughput = sessions.Select(_ => new List<double>()).ToArray();
        foreach (var session in sessions)
        {
            for (var i = 0; i < 10; i++) Run(session, one);
            Run(session, batch);
        }
        for (var round = 0; round < rounds; round++)
        {
            for (var s = 0; s < sessions.Count; s++)
            {
                for (var i = 0; i < 40; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    Run(sessions[s], one);
                    singles[s].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                var batchStart = Stopwatch.GetTimestamp();
                const int Batches = 4;
                for (var i = 0; i < Batches; i++) Run(sessions[s], batch);
                throughput[s].Add(Batches * Batch / Stopwatch.GetElapsedTime(batchStart).TotalSeconds);
            }
        }
        return [.. sessions.Select((_, s) => new CompressionReport.Timing(Percentile(singles[s], 0.5), Percentile(singles[s], 0.9), Percentile(throughput[s], 0.5)))];
    }

    private static void Run(InferenceSession session, List<NamedOnnxValue> inputs)
    {
        using var results = session.Run(inputs);
    }

    /// <summary>The sample's examples repeated to <paramref name="count"/> examples.</summary>
    private static List<NamedOnnxValue> Inputs(IReadOnlyList<(string Name, float[] Data, int[] Dims)> sample, int count) =>
        sample.Select(input =>
        {
            var per = input.Data.Length / input.Dims[0];
            var data = new float[per * count];
            for (var i = 0; i < count; i++) Array.Copy(input.Data, i % input.Dims[0] * per, data, i * per, per);
            int[] dims = [count, .. input.Dims.Skip(1)];
            return NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<float>(data, dims));
        }).ToList();

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
