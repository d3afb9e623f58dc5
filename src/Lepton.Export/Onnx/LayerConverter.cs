using Lepton.Nn.Layers;

namespace Lepton.Export.Onnx;

/// <summary>Writes one layer into the graph: the nodes reading <paramref name="inputs"/>, returning the name of the layer's output.</summary>
internal delegate string LayerConverter(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs);
