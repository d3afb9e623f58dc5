using System.Diagnostics;
using System.Net;

namespace Lepton.Serving.Tests;

public sealed class MemoryTests
{
    [Fact]
    public async Task Native_memory_stays_flat_over_many_batches()
    {
        await using var server = await TestServer.StartAsync(o => o.Batching = false, "wide=" + TestModels.Wide());
        var data = new float[256 * 4];
        async Task Run(int requests) => await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            Assert.Equal(HttpStatusCode.OK, (await server.InferAsync("wide", data, [256, 4])).StatusCode));

        await Run(30);
        var before = ResidentBytes();
        // 150 more batches of 256 rows; leaking one batch's hidden activations (8 MB each) would add over 1 GB.
        await Run(150);
        var growth = ResidentBytes() - before;
        Assert.True(growth < 60L * 1024 * 1024, $"resident memory grew by {growth / 1048576.0:0.0} MB over 150 batches");
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
