using System.CommandLine;

namespace Lepton.Bench;

/// <summary>The benchmark driver: <c>throughput</c>, <c>breakdown</c>, <c>accuracy</c> and <c>report</c>; bench/run.sh runs them.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Lepton's benchmarks: training throughput against TorchSharp and PyTorch, where Fit's time goes, and recipe accuracy.")
        {
            ThroughputCommand.Create(args),
            BreakdownCommand.Create(args),
            AccuracyCommand.Create(args),
            TrackingCommand.Create(args),
            DashboardStoreCommand.Create(args),
            ReportCommand.Create(),
        };
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
