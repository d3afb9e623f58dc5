using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ScalarType = TorchSharp.torch.ScalarType;
using Tensor = TorchSharp.torch.Tensor;

namespace Lepton.Export.Tests.Onnx;

/// <summary>Runs an exported file in ONNX Runtime on the same tensors a Lepton model predicts from.</summary>
internal static class OnnxRunner
{
    public static float[] Run(string path, IReadOnlyList<string> inputNames, IReadOnlyList<Tensor> inputs, out long[] shape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        var values = inputs.Select((t, i) =>
        {
            var data = t.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            return NamedOnnxValue.CreateFromTensor(inputNames[i], new DenseTensor<float>(data, t.shape.Select(d => (int)d).ToArray()));
        }).ToList();
        using var results = session.Run(values);
        var output = results.Single().AsTensor<float>();
        shape = output.Dimensions.ToArray().Select(d => (long)d).ToArray();
        return output.ToArray();
    }
}
