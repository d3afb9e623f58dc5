namespace Lepton.Tuning.Samplers;

/// <summary>Optuna's TPE defaults: how many trials count as good, and how much older trials weigh.</summary>
internal static class TpeRules
{
    /// <summary>The number of "good" trials out of <paramref name="n"/>: ⌈0.1·n⌉, at most 25.</summary>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Weights of <paramref name="n"/> trials in number order: all 1 below 25; else the newest 25 weigh 1 and older ones ramp up from 1/n.</summary>
    public static double[] Weights(int n)
    {
        if (n < 25) return Enumerable.Repeat(1.0, n).ToArray();
        var ramp = n - 25;
        var weights = new double[n];
        for (var i = 0; i < ramp; i++) weights[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        for (var i = ramp; i < n; i++) weights[i] = 1.0;
        return weights;
    }

    public static double LogSumExp(double[] terms)
    {
        var max = terms.Max();
        if (double.IsNegativeInfinity(max)) return max;
        var sum = 0.0;
        foreach (var t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum);
    }
}
