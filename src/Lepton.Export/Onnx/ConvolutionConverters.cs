using Lepton.Nn.Layers;
using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="Conv1D"/> and <see cref="Conv2D"/> as Conv, with Keras's padding made explicit ("same" puts the odd extra
/// pixel after, "causal" pads only before), and <see cref="Conv2DTranspose"/> as ConvTranspose with Lepton's crop.
/// </summary>
internal static class ConvolutionConverters
{
    public static string Convolution(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var conv = (Convolution)layer;
        var spatial = conv.InputShapes[0].Rank - 1;
        var span = ((long)conv.DilationRate * (conv.KernelSize - 1)) + 1;
        List<AttributeProto> attributes =
        [
            Ints("kernel_shape", Repeat(conv.KernelSize, spatial)),
            Ints("strides", Repeat(conv.Strides, spatial)),
            Ints("dilations", Repeat(conv.DilationRate, spatial)),
        ];
        attributes.Add(conv.Padding switch
        {
            KerasPadding.Causal => Ints("pads", span - 1, 0),
            KerasPadding.Same => SamePads(conv.InputShapes[0], span, conv.Strides),
            _ => Ints("pads", Repeat(0, 2 * spatial)),
        });
        List<string> args = [inputs[0], LayerWeights.Initializer(graph, conv, "weight")];
        if (conv.UseBias) args.Add(LayerWeights.Initializer(graph, conv, "bias"));
        var y = graph.Node("Conv", args, conv.Activation is null ? conv.Name : $"{conv.Name}/linear", [.. attributes]);
        return ActivationConverter.Apply(graph, conv.Activation, y, conv.Name) ?? y;
    }

    public static string Transposed(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var conv = (Conv2DTranspose)layer;
        // Lepton runs the full transposed convolution, extended after by `extra` rows, then keeps `length` rows from
        // `start`: ConvTranspose's pads are that crop (begin = start, end = the rest), its output_padding the extension.
        // Neither depends on the input's size, so one node serves every image size.
        var (start, end, extra) = Crop(conv, conv.InputShapes[0][1] > 0 ? conv.InputShapes[0][1] : 7);
        List<string> args = [inputs[0], LayerWeights.Initializer(graph, conv, "weight")];
        if (conv.UseBias) args.Add(LayerWeights.Initializer(graph, conv, "bias"));
        var y = graph.Node("ConvTranspose", args, conv.Activation is null ? conv.Name : $"{conv.Name}/linear",
            Ints("kernel_shape", conv.KernelSize, conv.KernelSize),
            Ints("strides", conv.Strides, conv.Strides),
            Ints("pads", start, start, end, end),
            Ints("output_padding", extra, extra));
        return ActivationConverter.Apply(graph, conv.Activation, y, conv.Name) ?? y;
    }

    /// <summary>The crop of <see cref="Conv2DTranspose"/>'s full output for one input length: rows cut before, rows cut after, rows added after.</summary>
    private static (long Start, long End, long Extra) Crop(Conv2DTranspose conv, long input)
    {
        var length = conv.Padding == KerasPadding.Valid
            ? ((input - 1) * conv.Strides) + conv.KernelSize + (conv.OutputPadding ?? Math.Max(conv.Strides - conv.KernelSize, 0))
            : conv.OutputPadding is { } padding ? ((input - 1) * conv.Strides) + (conv.KernelSize % 2) + padding : input * conv.Strides;
        var full = ((input - 1) * conv.Strides) + conv.KernelSize;
        var start = conv.Padding == KerasPadding.Same ? Math.Max(full - length, 0) / 2 : 0;
        var extra = Math.Max(start + length - full, 0);
        return (start, full + extra - start - length, extra);
    }

    /// <summary>
    /// Keras's "same" pads for a window of <paramref name="span"/>: explicit when they can be known (a known size, or
    /// stride 1 where they do not depend on it), else ONNX's SAME_UPPER, which also puts the odd extra pixel after.
    /// </summary>
    internal static AttributeProto SamePads(Shape input, long span, int stride)
    {
        var spatial = input.Rank - 1;
        var before = new long[spatial];
        var after = new long[spatial];
        for (var d = 0; d < spatial; d++)
        {
            var size = input[d + 1];
            if (size <= 0 && stride != 1) return String("auto_pad", "SAME_UPPER");
            (before[d], after[d]) = KerasPadding.SameAmounts(size > 0 ? size : span, span, stride);
        }
        return Ints("pads", [.. before, .. after]);
    }

    private static long[] Repeat(long value, int count) => Enumerable.Repeat(value, count).ToArray();
}
