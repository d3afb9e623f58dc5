using Lepton.Nn.Models;

namespace Lepton.Export.Onnx;

/// <summary><c>model.ExportOnnx(path)</c>: ONNX export as a method of the model.</summary>
public static class ModelOnnxExtensions
{
    /// <summary>Writes the model to <paramref name="path"/> as ONNX; see <see cref="OnnxExport.Save"/>.</summary>
    /// <exception cref="OnnxExportException">A layer cannot be exported; the message names it and says why.</exception>
    public static void ExportOnnx(this Model model, string path, OnnxExportOptions? options = null) => OnnxExport.Save(model, path, options);
}
