using System.Text.Json.Nodes;
using Lepton.Tuning.Spaces;

namespace Lepton.Bench.Studies;

/// <summary>The search space and the cheap objective every part of the benchmark uses.</summary>
internal static class BenchSpace
{
    public static SearchSpace Create() => new SearchSpace()
        .Add("lr", new FloatDistribution(1e-5, 1, log: true))
        .Add("layers", new IntDistribution(1, 6))
        .Add("dropout", new FloatDistribution(0, 0.5))
        .Add("optimizer", new CategoricalDistribution([JsonValue.Create("adam"), JsonValue.Create("sgd"), JsonValue.Create("rmsprop")]));

    /// <summary>A made-up learning curve: the value after <paramref name="step"/> epochs.</summary>
    public static double Curve(IReadOnlyDictionary<string, double> p, int step) =>
        Math.Abs(Math.Log10(p["lr"]) + 2.5) + (0.1 * p["layers"]) + p["dropout"] + p["optimizer"] + (1.0 / (step + 1));
}
