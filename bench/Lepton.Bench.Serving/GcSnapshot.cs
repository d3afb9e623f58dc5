using System.Globalization;

namespace Lepton.Bench.Serving;

/// <summary>The server process's garbage collections, total pause and allocated bytes at one moment.</summary>
internal sealed record GcSnapshot(int Gen0, int Gen1, int Gen2, double PauseMs, long AllocatedBytes)
{
    public static string Now() => string.Create(CultureInfo.InvariantCulture,
        $"{GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalPauseDuration().TotalMilliseconds} {GC.GetTotalAllocatedBytes()}");

    public static GcSnapshot Parse(string text)
    {
        var p = text.Split(' ');
        return new GcSnapshot(int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture),
            double.Parse(p[3], CultureInfo.InvariantCulture), long.Parse(p[4], CultureInfo.InvariantCulture));
    }

    /// <summary>What happened between <paramref name="before"/> and this snapshot, per request where it says so.</summary>
    public GcDelta Since(GcSnapshot before, long requests) => new(
        Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, PauseMs - before.PauseMs,
        requests == 0 ? 0 : (AllocatedBytes - before.AllocatedBytes) / (double)requests);
}

/// <summary>Collections and pause during one load level, and the bytes the server allocated per request.</summary>
internal sealed record GcDelta(int Gen0, int Gen1, int Gen2, double PauseMs, double AllocatedBytesPerRequest);
