using Lepton.Export.Onnx;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// The two checks every exported model passes: ONNX Runtime's outputs equal Lepton's <c>Predict</c> within 1e-4 at two
/// batch sizes (so the batch dimension really is dynamic), and the file passes the ONNX checker.
/// </summary>
internal static class ExportVerification
{
    public const double Tolerance = 1e-4;

    /// <summary>Exports <paramref name="model"/> into <paramref name="folder"/> and checks it agrees with Predict; returns the file.</summary>
    public static string ExportAndCompare(Model model, Func<int, Tensor[]> inputs, string folder, string fileName, OnnxExportOptions? options = null)
    {
        var path = Path.Combine(folder, fileName);
        model.ExportOnnx(path, options);
        foreach (var batch in new[] { 1, 3 }) Compare(model, path, inputs(batch), fileName);
        return path;
    }

    /// <summary>Exports, compares, and runs the ONNX checker on the one file.</summary>
    public static void Verify(Model model, Func<int, Tensor[]> inputs, OnnxExportOptions? options = null)
    {
        using var folder = new TempFolder();
        var path = ExportAndCompare(model, inputs, folder.Path, $"{model.Name}.onnx", options);
        OnnxChecker.AssertValid(path);
    }

    /// <summary>Exports and compares every case, then runs the ONNX checker once over all the files.</summary>
    public static void VerifyAll(IEnumerable<(string Name, LayerCase Case, OnnxExportOptions? Options)> cases)
    {
        using var folder = new TempFolder();
        var paths = cases.Select(c => ExportAndCompare(c.Case.Model, c.Case.Inputs, folder.Path, $"{c.Name}.onnx", c.Options)).ToArray();
        OnnxChecker.AssertValid(paths);
    }

    public static void Compare(Model model, string path, Tensor[] inputs, string what)
    {
        using var scope = NewDisposeScope();
        var expected = model.Predict(inputs).contiguous();
        var actual = OnnxRunner.Run(path, model.InputNames, inputs, out var shape);
        Assert.True(expected.shape.SequenceEqual(shape), $"{what}: Lepton's output has shape [{string.Join(", ", expected.shape)}], ONNX Runtime's [{string.Join(", ", shape)}].");
        var want = expected.to_type(ScalarType.Float32).data<float>().ToArray();
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < want.Length; i++)
        {
            var difference = Math.Abs(want[i] - actual[i]);
            if (!(difference <= worst)) (worst, at) = (difference, i);
        }
        Assert.True(worst <= Tolerance, $"{what}: ONNX Runtime differs from Predict by {worst:G3} at element {at} (Lepton {(at >= 0 ? want[at] : 0)}, ONNX {(at >= 0 ? actual[at] : 0)}).");
    }

    /// <summary>Random biases, scales, shifts and running statistics (their initial 0s and 1s hide mistakes).</summary>
    public static void Randomize(Model model, long seed)
    {
        using var noGrad = no_grad();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        foreach (var (name, parameter) in model.named_parameters())
        {
            // Kernels keep their (random) initial values, which keep activations at a sensible scale in deep models.
            if (parameter.dim() != 1) continue;
            parameter.copy_(randn(parameter.shape, generator: generator) * 0.5);
        }
        foreach (var (name, buffer) in model.named_buffers())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal)) buffer.copy_(rand(buffer.shape, generator: generator) + 0.5);
            else if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.copy_(randn(buffer.shape, generator: generator) * 0.5);
        }
    }
}
