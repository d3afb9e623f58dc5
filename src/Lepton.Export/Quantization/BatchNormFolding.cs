using Onnx;

namespace Lepton.Export.Quantization;

/// <summary>
/// Folds an inference BatchNormalization into the Conv or Gemm (Dense, transB=1) right before it: each output channel
/// of the weight scaled by γ/√(σ²+ε) and the bias set to (b − μ)·γ/√(σ²+ε) + β. The product is the same; it is done
/// before quantizing so the int8 weight is the one actually applied and the convolution fuses with its neighbours.
/// </summary>
internal static class BatchNormFolding
{
    public static void Apply(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var norm in graph.Node.Where(n => n.OpType == "BatchNormalization" && n.Output.Count == 1).ToList())
        {
            var producer = graph.Node.FirstOrDefault(n => n.Output.Contains(norm.Input[0]));
            if (producer is null || outputs.Contains(norm.Input[0]) || Readers(graph, norm.Input[0]) != 1) continue;
            var foldable = producer.OpType == "Conv"
                || (producer.OpType == "Gemm" && DynamicMatMul.Attribute(producer, "transB", 0) == 1 && DynamicMatMul.Attribute(producer, "transA", 0) == 0
                    && DynamicMatMul.Attribute(producer, "alpha", 1f) == 1f && DynamicMatMul.Attribute(producer, "beta", 1f) == 1f);
            if (!foldable) continue;
            var parameters = norm.Input.Skip(1).Select(name => initializers.TryGetValue(name, out var t) ? OnnxTensors.Floats(t) : null).ToArray();
            if (parameters.Length != 4 || parameters.Any(p => p is null)) continue;
            if (!initializers.TryGetValue(producer.Input[1], out var weightTensor) || OnnxTensors.Floats(weightTensor) is not { } weight) continue;
            if (Readers(graph, producer.Input[1]) != 1) continue;
            var (gamma, beta, mean, variance) = (parameters[0]!, parameters[1]!, parameters[2]!, parameters[3]!);
            var channels = (int)weightTensor.Dims[0];
            if (gamma.Length != channels) continue;
            float[] bias;
            if (producer.Input.Count > 2 && producer.Input[2].Length > 0)
            {
                if (!initializers.TryGetValue(producer.Input[2], out var biasTensor) || OnnxTensors.Floats(biasTensor) is not { } b || Readers(graph, producer.Input[2]) != 1) continue;
                bias = b;
            }
            else
            {
                bias = new float[channels];
            }

            var epsilon = DynamicMatMul.Attribute(norm, "epsilon", 1e-5f);
            var per = weight.Length / channels;
            var folded = new float[weight.Length];
            var foldedBias = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                var factor = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
                for (var i = 0; i < per; i++) folded[c * per + i] = weight[c * per + i] * factor;
                foldedBias[c] = (bias[c] - mean[c]) * factor + beta[c];
            }
            var weightName = $"{producer.Input[1]}/folded";
            graph.Initializer.Add(initializers[weightName] = OnnxTensors.Float(weightName, folded, [.. weightTensor.Dims]));
            var biasName = $"{norm.Output[0]}/folded_bias";
            graph.Initializer.Add(initializers[biasName] = OnnxTensors.Float(biasName, foldedBias, channels));
            if (producer.Input.Count > 2) producer.Input[2] = biasName;
            else producer.Input.Add(biasName);
            producer.Input[1] = weightName;

            // The producer now writes the normalization's output; the value in between goes away.
            var between = producer.Output[0];
            producer.Output[0] = norm.Output[0];
            graph.Node.Remove(norm);
            foreach (var info in graph.ValueInfo.Where(v => v.Name == between).ToList()) graph.ValueInfo.Remove(info);
        }
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList()) graph.Initializer.Remove(unused);
    }

    private static int Readers(GraphProto graph, string value) => graph.Node.Sum(n => n.Input.Count(i => i == value));
}
