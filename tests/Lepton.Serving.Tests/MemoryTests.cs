using System.Diagnostics;
using System.Net;

namespace Lepton.Serving.Tests;

public sealed class MemoryTests
{
    [Fact]
    public async Task Native_memory_stays_flat_over_many_batches()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxBatchSize = 128, "slow=" + TestModels.Slow());
        var data = new float[64 * 64];
        async Task Run(int requests) => await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("slow", data, [64, 64])).StatusCode));

        await Run(40);
        var before = ResidentBytes();
        // 200 more requests of 64 rows; leaking one batch's activations (≥ 0.5 MB each) would add > 100 MB.
        await Run(200);
        var growth = ResidentBytes() - before;
        Assert.True(growth < 60L * 1024 * 1024, $"resident memory grew by {growth / 1048576.0:0.0} MB over 200 requests");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
