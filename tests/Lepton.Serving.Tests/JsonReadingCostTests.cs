using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Serving.Apis;
using Xunit.Abstractions;

namespace Lepton.Serving.Tests;

/// <summary>
/// What reading one JSON inference request costs, apart from HTTP and the model: the serving benchmark's body (one
/// 1×28×28 FP32 image, 784 numbers) read as the infer route reads it. The allocations are exact, so they are held to a
/// bound; the time is printed (run with <c>--logger "console;verbosity=detailed"</c>), as it depends on the machine.
/// </summary>
public sealed class JsonReadingCostTests(ITestOutputHelper output)
{
    private const long MaxElements = 8L * 1024 * 1024;

    /// <summary>The benchmark's image: the same values, written by the same serializer.</summary>
    private static byte[] ImageBody() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "input",
            ["shape"] = new JsonArray(1, 1, 28, 28),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray(Enumerable.Range(0, 784).Select(i => (JsonNode)(float)((i * 37 % 255) / 255.0)).ToArray()),
        }),
    });

    [Fact]
    public void Reading_a_json_image_request_allocates_little_more_than_its_784_values()
    {
        var body = ImageBody();
        const int perRound = 2000;
        // Warm up: tiered compilation recompiles hot methods optimized after their first calls.
        for (var i = 0; i < 3 * perRound; i++) InferRequestReader.Read(body, null, MaxElements);
        var micros = new List<double>();
        var bytes = new List<double>();
        for (var round = 0; round < 7; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < perRound; i++) InferRequestReader.Read(body, null, MaxElements);
            micros.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound);
            bytes.Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)perRound);
        }
        micros.Sort();
        bytes.Sort();
        output.WriteLine($"JSON request of 784 FP32 numbers ({body.Length:N0} bytes), 7 rounds of {perRound:N0}: {micros[3]:0.0} µs per request (min {micros[0]:0.0}, max {micros[^1]:0.0}), {bytes[3]:N0} bytes allocated per request");

        // The values themselves are 3,136 bytes; a JsonElement and a field name per number made it 54,176.
        Assert.True(bytes[3] < 784 * sizeof(float) + 1024, $"{bytes[3]:N0} bytes allocated per request");
    }
}
