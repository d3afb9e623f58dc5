namespace Lepton.Serving;

/// <summary>The engine that runs a served model's forward passes.</summary>
public enum InferenceRuntime
{
    /// <summary>TorchSharp (libtorch) over the <c>.lepton</c> model: the default.</summary>
    Torch,

    /// <summary>ONNX Runtime over the model's ONNX graph (a <c>.lepton</c> model exported at load, or an <c>.onnx</c> file).</summary>
    Onnx,
}
