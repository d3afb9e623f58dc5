using Lepton.Data;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Zoo.Generative;

/// <summary>
/// How good generated images look to a classifier: the Inception Score's formula and the Fréchet distance, with a
/// Fashion-MNIST classifier in place of Inception (Salimans et al. 2016; Heusel et al. 2017).
/// </summary>
internal static class ClassifierScores
{
    /// <summary>
    /// exp(E_x KL(p(y|x) ‖ p(y))), the mean over <paramref name="splits"/> equal parts as Salimans et al. report it: high
    /// when each image is confidently one class and the classes are evenly drawn (at most the number of classes).
    /// </summary>
    public static double InceptionScore(Tensor probabilities, int splits = 10)
    {
        using var scope = NewDisposeScope();
        var p = probabilities.to_type(ScalarType.Float64).clamp_min(1e-12);
        var size = p.shape[0] / splits;
        var scores = new List<double>();
        for (var s = 0; s < splits; s++)
        {
            var part = p.narrow(0, s * size, size);
            var marginal = part.mean([0], keepdim: true);
            var kl = (part * (part.log() - marginal.log())).sum(1).mean();
            scores.Add(Math.Exp(kl.item<double>()));
        }
        return scores.Average();
    }

    /// <summary>
    /// The Fréchet distance between Gaussians fitted to two sets of features:
    /// ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½), the square root taken through symmetric eigendecompositions.
    /// </summary>
    public static double FrechetDistance(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var (mean1, cov1) = Moments(first);
        var (mean2, cov2) = Moments(second);
        var root1 = SymmetricSqrt(cov1);
        var middle = root1.matmul(cov2).matmul(root1);
        middle = (middle + middle.T) / 2;
        var traceOfRoot = linalg.eigvalsh(middle).clamp_min(0).sqrt().sum().item<double>();
        var meanTerm = (mean1 - mean2).pow(2).sum().item<double>();
        return meanTerm + cov1.trace().item<double>() + cov2.trace().item<double>() - 2 * traceOfRoot;
    }

    /// <summary>The classifier's class probabilities for <paramref name="images"/>, batched, in inference mode.</summary>
    public static Tensor Probabilities(Model classifier, Tensor images)
    {
        using var data = new TensorDataset(images.alias(), null);
        return classifier.PredictProbabilities(data, batchSize: 500);
    }

    /// <summary>The classifier's penultimate features (every layer but the last) for <paramref name="images"/>, batched.</summary>
    public static Tensor Features(Sequential classifier, Tensor images)
    {
        var wasTraining = classifier.training;
        classifier.eval();
        try
        {
            using var noGrad = no_grad();
            var parts = new List<Tensor>();
            for (long start = 0; start < images.shape[0]; start += 500)
            {
                using var scope = NewDisposeScope();
                var x = images.narrow(0, start, Math.Min(500, images.shape[0] - start)).to(classifier.parameters().First().device);
                foreach (var layer in classifier.Layers.Take(classifier.Layers.Count - 1)) x = layer.Forward(x);
                parts.Add(x.cpu().MoveToOuterDisposeScope());
            }
            var all = cat(parts, 0);
            foreach (var part in parts) part.Dispose();
            return all;
        }
        finally
        {
            classifier.train(wasTraining);
        }
    }

    private static (Tensor Mean, Tensor Covariance) Moments(Tensor features)
    {
        var x = features.to_type(ScalarType.Float64).flatten(1);
        var mean = x.mean([0]);
        var centred = x - mean;
        return (mean, centred.T.matmul(centred) / (x.shape[0] - 1));
    }

    private static Tensor SymmetricSqrt(Tensor matrix)
    {
        var (values, vectors) = linalg.eigh(matrix);
        return vectors.matmul(diag(values.clamp_min(0).sqrt())).matmul(vectors.T);
    }
}
