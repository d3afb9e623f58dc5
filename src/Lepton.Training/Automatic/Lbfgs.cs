using static TorchSharp.torch;

namespace Lepton.Training.Automatic;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithm 7.5) with a backtracking Armijo line
/// search, for a smooth convex objective of one flat parameter vector: the solver scikit-learn's
/// <c>LogisticRegression</c> uses by default. Full batch, so it reaches the optimum itself rather than wherever an
/// epoch budget or early stopping leaves a stochastic optimizer.
/// </summary>
internal static class Lbfgs
{
    private const int History = 10;
    private const double Armijo = 1e-4;

    /// <summary>The objective's value and its gradient at a point (a new tensor, the point's shape, that the solver owns).</summary>
    public delegate (double Value, Tensor Gradient) Objective(Tensor point);

    /// <summary>
    /// Minimizes <paramref name="objective"/> from <paramref name="start"/> until the largest gradient component is at
    /// most <paramref name="gradientTolerance"/>, the value stops changing, or <paramref name="maxIterations"/>; the
    /// stop token ends it early, but only after <paramref name="minIterations"/>.
    /// </summary>
    /// <returns>The minimizer (a new tensor in the caller's dispose scope), its value, the iterations and whether it converged.</returns>
    public static (Tensor Point, double Value, int Iterations, bool Converged) Minimize(Objective objective, Tensor start, int maxIterations,
        double gradientTolerance = 1e-6, int minIterations = 50, CancellationToken stop = default)
    {
        var steps = new List<(Tensor S, Tensor Y, double Rho)>();
        var x = start.detach().clone();
        var (f, g) = objective(x);
        var iterations = 0;
        var converged = false;
        try
        {
            while (iterations < maxIterations && (iterations < minIterations || !stop.IsCancellationRequested))
            {
                if (g.abs().max().item<double>() <= gradientTolerance)
                {
                    converged = true;
                    break;
                }
                iterations++;
                using var scope = NewDisposeScope();
                var direction = Direction(g, steps);
                var slope = g.dot(direction).item<double>();
                if (slope >= 0)
                {
                    // Not a descent direction (curvature went stale): start the memory afresh along the gradient.
                    Clear(steps);
                    direction = -g;
                    slope = -g.dot(g).item<double>();
                }
                // The first step has no curvature to scale it: a unit step along the gradient's own size, as PyTorch's LBFGS.
                var step = steps.Count == 0 ? Math.Min(1.0, 1.0 / g.abs().sum().item<double>()) : 1.0;
                Tensor next;
                double nextValue;
                Tensor nextGradient;
                var tries = 0;
                while (true)
                {
                    next = x + step * direction;
                    (nextValue, nextGradient) = objective(next);
                    if (nextValue <= f + Armijo * step * slope || ++tries >= 40) break;
                    nextGradient.Dispose();
                    step *= 0.5;
                }
                var s = (next - x).MoveToOuterDisposeScope();
                var y = (nextGradient - g).MoveToOuterDisposeScope();
                var curvature = s.dot(y).item<double>();
                if (curvature > 1e-12)
                {
                    steps.Add((s, y, 1.0 / curvature));
                    if (steps.Count > History)
                    {
                        steps[0].S.Dispose();
                        steps[0].Y.Dispose();
                        steps.RemoveAt(0);
                    }
                }
                else
                {
                    s.Dispose();
                    y.Dispose();
                }
                var change = Math.Abs(f - nextValue);
                x.Dispose();
                g.Dispose();
                x = next.MoveToOuterDisposeScope();
                g = nextGradient.MoveToOuterDisposeScope();
                f = nextValue;
                if (tries >= 40 || change <= 1e-12 * Math.Max(1.0, Math.Abs(f)))
                {
                    converged = g.abs().max().item<double>() <= Math.Sqrt(gradientTolerance);
                    break;
                }
            }
            return (x, f, iterations, converged);
        }
        catch
        {
            x.Dispose();
            throw;
        }
        finally
        {
            g.Dispose();
            Clear(steps);
        }
    }

    /// <summary>The two-loop recursion: minus the inverse Hessian estimate times the gradient.</summary>
    private static Tensor Direction(Tensor gradient, List<(Tensor S, Tensor Y, double Rho)> steps)
    {
        var q = gradient.clone();
        var alphas = new double[steps.Count];
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            alphas[i] = steps[i].Rho * steps[i].S.dot(q).item<double>();
            q.add_(steps[i].Y, alpha: -alphas[i]);
        }
        if (steps.Count > 0)
        {
            var (s, y, _) = steps[^1];
            q.mul_(s.dot(y).item<double>() / y.dot(y).item<double>());
        }
        for (var i = 0; i < steps.Count; i++)
        {
            var beta = steps[i].Rho * steps[i].Y.dot(q).item<double>();
            q.add_(steps[i].S, alpha: alphas[i] - beta);
        }
        return q.neg_();
    }

    private static void Clear(List<(Tensor S, Tensor Y, double Rho)> steps)
    {
        foreach (var (s, y, _) in steps)
        {
            s.Dispose();
            y.Dispose();
        }
        steps.Clear();
    }
}
