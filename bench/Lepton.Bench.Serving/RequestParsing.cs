using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Serving.Apis;

namespace Lepton.Bench.Serving;

/// <summary>
/// What reading one Open Inference Protocol JSON request costs the server, apart from HTTP and the model: the body the
/// load test sends (one 1x28x28 FP32 image, 784 numbers) read by <see cref="InferRequestReader"/> on one thread, time
/// and bytes allocated per request (median of several rounds, and their spread).
/// </summary>
internal static class RequestParsing
{
    public static int Run(string[] args)
    {
        var rounds = 7;
        var perRound = args.SkipWhile(a => a != "--requests").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(5000);
        var body = JsonBody(Pixels());
        var maxElements = 8L * 1024 * 1024;
        // Warm up: tiered compilation recompiles hot methods optimized after their first calls.
        for (var i = 0; i < 3 * perRound; i++) InferRequestReader.Read(body, null, maxElements);
        var micros = new List<double>();
        var bytes = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < perRound; i++) InferRequestReader.Read(body, null, maxElements);
            micros.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound);
            bytes.Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)perRound);
        }
        micros.Sort();
        bytes.Sort();
        Console.WriteLine($"JSON request of 784 FP32 numbers ({body.Length:N0} bytes), {rounds} rounds of {perRound:N0}: " +
            $"{micros[rounds / 2]:0.0} µs per request (min {micros[0]:0.0}, max {micros[^1]:0.0}), " +
            $"{bytes[rounds / 2]:N0} bytes allocated per request (min {bytes[0]:N0}, max {bytes[^1]:N0})");
        return 0;
    }

    /// <summary>The load test's image: the same values, written by the same serializer.</summary>
    public static float[] Pixels() => Enumerable.Range(0, 784).Select(i => (float)((i * 37 % 255) / 255.0)).ToArray();

    public static byte[] JsonBody(float[] pixels) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "input",
            ["shape"] = new JsonArray(1, 1, 28, 28),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray(pixels.Select(v => (JsonNode)v).ToArray()),
        }),
    });
}
