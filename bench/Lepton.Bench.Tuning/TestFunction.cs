using Lepton.Tuning.Spaces;

namespace Lepton.Bench.Tuning;

/// <summary>A standard minimization test function: its search space (parameters x0, x1, …) and its value at a point.</summary>
internal sealed record TestFunction(string Name, double Minimum, SearchSpace Space, Func<double[], double> Evaluate)
{
    /// <summary>The three functions of issue 13, defined the same way as bench/tuning/functions.py.</summary>
    public static IReadOnlyList<TestFunction> All { get; } = [Branin(), Hartmann6(), Rosenbrock10()];

    public static TestFunction Find(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"Unknown function '{name}': expected {string.Join(", ", All.Select(f => f.Name))}.");

    /// <summary>Branin on x ∈ [−5, 10], y ∈ [0, 15]; minimum 0.397887 at three points.</summary>
    private static TestFunction Branin() => new("branin", 0.397887,
        new SearchSpace().Add("x0", new FloatDistribution(-5, 10)).Add("x1", new FloatDistribution(0, 15)),
        p =>
        {
            var (x, y) = (p[0], p[1]);
            var b = 5.1 / (4 * Math.PI * Math.PI);
            return Math.Pow(y - b * x * x + 5 / Math.PI * x - 6, 2) + 10 * (1 - 1 / (8 * Math.PI)) * Math.Cos(x) + 10;
        });

    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];

    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Hartmann-6 on [0, 1]^6; minimum −3.32237.</summary>
    private static TestFunction Hartmann6()
    {
        var space = new SearchSpace();
        for (var j = 0; j < 6; j++) space.Add($"x{j}", new FloatDistribution(0, 1));
        return new TestFunction("hartmann6", -3.32237, space, p =>
        {
            var sum = 0.0;
            for (var i = 0; i < 4; i++)
            {
                var inner = 0.0;
                for (var j = 0; j < 6; j++) inner += A[i, j] * (p[j] - P[i, j]) * (p[j] - P[i, j]);
                sum += Alpha[i] * Math.Exp(-inner);
            }
            return -sum;
        });
    }

    /// <summary>Rosenbrock in 10 dimensions, each x_i ∈ [1e-3, 10] searched in log scale; minimum 0 at x = 1 (not the box's log-centre, 0.1).</summary>
    private static TestFunction Rosenbrock10()
    {
        var space = new SearchSpace();
        for (var j = 0; j < 10; j++) space.Add($"x{j}", new FloatDistribution(1e-3, 10, log: true));
        return new TestFunction("rosenbrock10_log", 0, space, p =>
        {
            var sum = 0.0;
            for (var i = 0; i < p.Length - 1; i++) sum += 100 * Math.Pow(p[i + 1] - p[i] * p[i], 2) + Math.Pow(1 - p[i], 2);
            return sum;
        });
    }
}
