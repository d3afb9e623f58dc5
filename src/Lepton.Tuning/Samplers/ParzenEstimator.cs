using Lepton.Tuning.Spaces;
using MathNet.Numerics.Distributions;

namespace Lepton.Tuning.Samplers;

/// <summary>
/// The density TPE fits to a set of trials: a weighted mixture with one kernel per trial and one for the prior (the
/// whole range), each kernel a product over the parameters of a truncated normal (numbers, in log space for a
/// log-scaled range; a discrete range integrates it over each value's cell) or of a categorical distribution.
/// Bandwidths: fitted per parameter (univariate), each kernel's distance to its farther neighbour, as Optuna does;
/// fitted jointly (multivariate), Scott's rule on the trials' own spread, 1.059 · min(sd, IQR/1.34) · n^(−1/(d+4)),
/// where Optuna 3.1 puts the whole range in place of the spread (0.2 · n^(−1/(d+4)) of the range), so its kernels
/// stay wide however close together the good trials are. Either is clipped, as Optuna does, to between
/// range/min(100, kernels + 1) and the range; the prior kernel spans the range.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double PriorWeight = 1.0;

    private readonly Dimension[] dimensions;
    private readonly double[] logWeights;
    private readonly double[] weights;
    private readonly double[][] mus;       // [dimension][kernel] (numbers)
    private readonly double[][] sigmas;    // [dimension][kernel]
    private readonly double[][] logSigmas; // [dimension][kernel]
    private readonly double[][] logRange;  // [dimension][kernel]: log of the kernel's mass inside the range (its truncation)
    private readonly double[][][] probabilities;  // [dimension][kernel][choice] (choices)
    private readonly double[][][] logProbabilities;  // [dimension][kernel][choice] (choices)

    /// <param name="parameters">The parameters, in order.</param>
    /// <param name="observations">Per trial, its internal values in parameter order; trials in number order.</param>
    /// <param name="multivariate">Whether the parameters are fitted jointly (Scott's rule) or each on its own (neighbour distances).</param>
    public ParzenEstimator(IReadOnlyList<SearchParameter> parameters, IReadOnlyList<double[]> observations, bool multivariate)
    {
        dimensions = parameters.Select(p => new Dimension(p.Distribution)).ToArray();
        var n = observations.Count;
        var kernels = n + 1;
        var raw = TpeRules.Weights(n).Append(PriorWeight).ToArray();
        var total = raw.Sum();
        weights = raw.Select(w => w / total).ToArray();
        logWeights = weights.Select(w => Math.Log(w)).ToArray();
        mus = new double[dimensions.Length][];
        sigmas = new double[dimensions.Length][];
        logRange = new double[dimensions.Length][];
        probabilities = new double[dimensions.Length][][];
        logProbabilities = new double[dimensions.Length][][];
        logSigmas = new double[dimensions.Length][];
        for (var d = 0; d < dimensions.Length; d++)
        {
            var dim = dimensions[d];
            if (dim.Categorical is { } categorical)
            {
                var choices = categorical.Count;
                probabilities[d] = new double[kernels][];
                for (var k = 0; k < kernels; k++)
                {
                    var row = new double[choices];
                    Array.Fill(row, PriorWeight / kernels);
                    if (k < n) row[(int)observations[k][d]] += 1;
                    var sum = row.Sum();
                    probabilities[d][k] = row.Select(p => p / sum).ToArray();
                }
                logProbabilities[d] = probabilities[d].Select(row => row.Select(p => Math.Log(p)).ToArray()).ToArray();
                continue;
            }
            var (low, high) = (dim.Low, dim.High);
            var m = new double[kernels];
            for (var k = 0; k < n; k++) m[k] = dim.Transform(observations[k][d]);
            m[n] = 0.5 * (low + high);
            var minimum = (high - low) / Math.Min(100.0, 1.0 + kernels);
            var s = multivariate ? ScottSigmas(m.AsSpan(0, n), dimensions.Length, high - low, minimum) : NeighbourSigmas(m, low, high);
            s[n] = high - low;
            for (var k = 0; k < kernels; k++) s[k] = Math.Clamp(s[k], minimum, high - low);
            mus[d] = m;
            sigmas[d] = s;
            logSigmas[d] = s.Select(x => Math.Log(x)).ToArray();
            // The truncation does not depend on the point: computed once, not per candidate and kernel.
            logRange[d] = Enumerable.Range(0, kernels).Select(k => TruncatedNormal.LogRange(m[k], s[k], low, high)).ToArray();
        }
    }

    /// <summary>Draws <paramref name="count"/> points (internal values in parameter order).</summary>
    public double[][] Sample(Random random, int count)
    {
        var points = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var kernel = Pick(random, weights);
            var point = new double[dimensions.Length];
            for (var d = 0; d < dimensions.Length; d++)
            {
                var dim = dimensions[d];
                point[d] = dim.Categorical is not null
                    ? Pick(random, probabilities[d][kernel])
                    : dim.Round(dim.Untransform(TruncatedNormal.Sample(random, mus[d][kernel], sigmas[d][kernel], dim.Low, dim.High)));
            }
            points[i] = point;
        }
        return points;
    }

    /// <summary>The log density (or log probability, for discrete parameters) of <paramref name="point"/>.</summary>
    public double LogDensity(double[] point) => LogDensities([point])[0];

    /// <summary>
    /// The log density at each of <paramref name="points"/>: per dimension, each kernel's term is computed once per
    /// distinct value among the points (candidates drawn from few integers or choices share most of them), then summed
    /// per point in the same order as one point at a time.
    /// </summary>
    public double[] LogDensities(IReadOnlyList<double[]> points)
    {
        var kernels = weights.Length;
        var sums = new double[points.Count][];
        for (var i = 0; i < points.Count; i++) sums[i] = (double[])logWeights.Clone();
        var columns = new Dictionary<double, double[]>();
        for (var d = 0; d < dimensions.Length; d++)
        {
            columns.Clear();
            for (var i = 0; i < points.Count; i++)
            {
                var value = points[i][d];
                if (!columns.TryGetValue(value, out var column))
                {
                    column = new double[kernels];
                    for (var k = 0; k < kernels; k++) column[k] = LogKernel(d, k, value);
                    columns[value] = column;
                }
                var sum = sums[i];
                for (var k = 0; k < kernels; k++) sum[k] += column[k];
            }
        }
        return [.. sums.Select(TpeRules.LogSumExp)];
    }

    private double LogKernel(int d, int k, double value)
    {
        var dim = dimensions[d];
        if (dim.Categorical is not null) return logProbabilities[d][k][(int)value];
        var (mu, sigma) = (mus[d][k], sigmas[d][k]);
        if (dim.Cell is not { } cell) return TruncatedNormal.LogDensity(dim.Transform(value), mu, sigma, logSigmas[d][k]) - logRange[d][k];
        var lower = Math.Max(dim.Low, dim.Transform(value - cell / 2));
        var upper = Math.Min(dim.High, dim.Transform(value + cell / 2));
        return TruncatedNormal.LogMass(lower, upper, mu, sigma) - logRange[d][k];
    }

    /// <summary>
    /// One bandwidth for every kernel of a parameter fitted jointly with <paramref name="parameters"/> − 1 others:
    /// Scott's rule on the spread of the <paramref name="centres"/> (the smaller of the standard deviation and
    /// IQR/1.34, as Silverman advises against outliers and several modes); with fewer than two trials, 0.2 of the
    /// range in its place (Optuna's rule); trials that all agree get the narrowest kernel, <paramref name="minimum"/>.
    /// </summary>
    internal static double[] ScottSigmas(ReadOnlySpan<double> centres, int parameters, double range, double minimum)
    {
        var n = centres.Length;
        var factor = Math.Pow(Math.Max(n, 1), -1.0 / (parameters + 4));
        double sigma;
        if (n < 2) sigma = 0.2 * range * factor;
        else
        {
            var spread = Spread(centres);
            sigma = spread > 0 ? 1.059 * spread * factor : minimum;
        }
        return Enumerable.Repeat(sigma, n + 1).ToArray();
    }

    /// <summary>min(sd, IQR/1.34) of at least two values, or the standard deviation when the quartiles coincide.</summary>
    private static double Spread(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mean = sorted.Average();
        var sd = Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / (sorted.Length - 1));
        var iqr = (Quantile(sorted, 0.75) - Quantile(sorted, 0.25)) / 1.34;
        return iqr > 0 ? Math.Min(sd, iqr) : sd;
    }

    /// <summary>The <paramref name="p"/> quantile of sorted values, interpolating linearly between neighbours (numpy's default).</summary>
    private static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var i = (int)Math.Floor(h);
        return i + 1 < sorted.Length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    /// <summary>Each kernel's distance to its farther neighbour among the sorted centres and the range's ends; the end kernels use their inner neighbour only.</summary>
    private static double[] NeighbourSigmas(double[] centres, double low, double high)
    {
        var order = Enumerable.Range(0, centres.Length).OrderBy(i => centres[i]).ToArray();
        var sorted = new double[centres.Length + 2];
        sorted[0] = low;
        for (var i = 0; i < order.Length; i++) sorted[i + 1] = centres[order[i]];
        sorted[^1] = high;
        var bySorted = new double[centres.Length];
        for (var i = 0; i < centres.Length; i++) bySorted[i] = Math.Max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
        if (sorted.Length >= 4)
        {
            bySorted[0] = sorted[2] - sorted[1];
            bySorted[^1] = sorted[^2] - sorted[^3];
        }
        var sigmas = new double[centres.Length];
        for (var i = 0; i < order.Length; i++) sigmas[order[i]] = bySorted[i];
        return sigmas;
    }

    private static int Pick(Random random, double[] probabilities)
    {
        var u = random.NextDouble();
        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            sum += probabilities[i];
            if (u < sum) return i;
        }
        return probabilities.Length - 1;
    }

    /// <summary>One parameter as the estimator sees it: bounds in the transformed (log or plain) scale, and the cell of a discrete value.</summary>
    private sealed class Dimension
    {
        private readonly Distribution distribution;

        public Dimension(Distribution distribution)
        {
            this.distribution = distribution;
            switch (distribution)
            {
                case CategoricalDistribution c:
                    Categorical = c;
                    break;
                case FloatDistribution { Step: { } q, Log: false } f:
                    (Low, High, Cell) = (f.Low - q / 2, f.High + q / 2, q);
                    break;
                case FloatDistribution f:
                    (Log, Low, High) = (f.Log, f.Log ? Math.Log(f.Low) : f.Low, f.Log ? Math.Log(f.High) : f.High);
                    break;
                case IntDistribution { Log: true } i:
                    (Log, Low, High, Cell) = (true, Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), 1);
                    break;
                case IntDistribution i:
                    (Low, High, Cell) = (i.Low - i.Step / 2.0, i.High + i.Step / 2.0, i.Step);
                    break;
            }
        }

        public CategoricalDistribution? Categorical { get; }
        public bool Log { get; }
        public double Low { get; }
        public double High { get; }

        /// <summary>The width of a discrete value's cell in the ordinary scale, or null for a continuous range.</summary>
        public double? Cell { get; }

        public double Transform(double value) => Log ? Math.Log(Math.Max(value, double.Epsilon)) : value;

        public double Untransform(double value) => Log ? Math.Exp(value) : value;

        public double Round(double value) => distribution switch
        {
            FloatDistribution f => f.Round(value),
            IntDistribution i => i.Round(value),
            _ => value,
        };
    }

    private static class TruncatedNormal
    {
        public static double Sample(Random random, double mu, double sigma, double low, double high)
        {
            var (a, b) = ((low - mu) / sigma, (high - mu) / sigma);
            // In the right tail the CDF rounds to 1: draw the mirror image from the left tail instead.
            if (a > 0) return mu - sigma * SampleStandard(random, -b, -a);
            return mu + sigma * SampleStandard(random, a, b);
        }

        private static double SampleStandard(Random random, double a, double b)
        {
            var (pa, pb) = (Normal.CDF(0, 1, a), Normal.CDF(0, 1, b));
            var p = pa + random.NextDouble() * (pb - pa);
            return Math.Clamp(Normal.InvCDF(0, 1, Math.Clamp(p, 1e-300, 1 - 1e-16)), a, b);
        }

        private static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

        /// <summary>The untruncated normal's log density at <paramref name="x"/>; subtract <see cref="LogRange"/> to truncate it.</summary>
        public static double LogDensity(double x, double mu, double sigma, double logSigma)
        {
            var z = (x - mu) / sigma;
            return -0.5 * z * z - LogSqrtTwoPi - logSigma;
        }

        /// <summary>The untruncated normal's log mass from <paramref name="lower"/> to <paramref name="upper"/>; subtract <see cref="LogRange"/> to truncate it.</summary>
        public static double LogMass(double lower, double upper, double mu, double sigma) =>
            Math.Log(Math.Max(Mass((lower - mu) / sigma, (upper - mu) / sigma), 1e-300));

        /// <summary>The log of the normal's mass inside the range: what truncating to it divides by.</summary>
        public static double LogRange(double mu, double sigma, double low, double high) => Math.Log(Mass((low - mu) / sigma, (high - mu) / sigma));

        /// <summary>P(a ≤ Z ≤ b) for a standard normal Z, computed on the side where it keeps its digits.</summary>
        private static double Mass(double a, double b) =>
            Math.Max(a > 0 ? Normal.CDF(0, 1, -a) - Normal.CDF(0, 1, -b) : Normal.CDF(0, 1, b) - Normal.CDF(0, 1, a), 1e-300);
    }
}
