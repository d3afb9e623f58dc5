using System.Globalization;

namespace Lepton.Bench.Serving;

/// <summary>What one benchmark run does; every setting has a flag (<c>--duration-s 10</c>) and a default for the full run.</summary>
internal sealed record BenchSettings
{
    public string? Model { get; init; }
    public int[] Concurrency { get; init; } = [1, 16, 64];
    public double DurationSeconds { get; init; } = 10;
    public double WarmupSeconds { get; init; } = 15;
    public int MaxBatch { get; init; } = 64;
    public double MaxDelayMs { get; init; } = 2;
    public int Workers { get; init; } = 1;
    public int ThreadsPerWorker { get; init; } = 1;
    public string Out { get; init; } = "bench/results/serving.json";

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--model" => settings with { Model = value },
                "--concurrency" => settings with { Concurrency = value.Split(',').Select(int.Parse).ToArray() },
                "--duration-s" => settings with { DurationSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup-s" => settings with { WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--max-batch" => settings with { MaxBatch = int.Parse(value, CultureInfo.InvariantCulture) },
                "--max-delay-ms" => settings with { MaxDelayMs = double.Parse(value, CultureInfo.InvariantCulture) },
                "--workers" => settings with { Workers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--threads-per-worker" => settings with { ThreadsPerWorker = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => settings with { Out = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --model --concurrency 1,16,64 --duration-s --warmup-s --max-batch --max-delay-ms --workers --threads-per-worker --out."),
            };
        }
        return settings;
    }
}
