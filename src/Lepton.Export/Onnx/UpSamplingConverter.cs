using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="UpSampling2D"/> as Resize by whole factors: "nearest" repeats pixels (asymmetric coordinates, floor),
/// "bilinear" interpolates between pixel centres as libtorch does with <c>align_corners = false</c> (pytorch_half_pixel).
/// </summary>
internal static class UpSamplingConverter
{
    public static string Convert(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var up = (UpSampling2D)layer;
        var scales = graph.Floats($"{up.Name}.scales", [1f, 1f, up.Size.Height, up.Size.Width], [4]);
        return up.Interpolation == "nearest"
            ? graph.Node("Resize", [inputs[0], "", scales], up.Name,
                String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"), String("nearest_mode", "floor"))
            : graph.Node("Resize", [inputs[0], "", scales], up.Name,
                String("mode", "linear"), String("coordinate_transformation_mode", "pytorch_half_pixel"));
    }
}
