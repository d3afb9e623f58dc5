using Lepton.Export.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>What cannot be exported fails with an error naming the layer and the reason, and leaves no file behind.</summary>
public sealed class ExportErrorTests
{
    [Fact]
    public void A_layer_that_cannot_be_exported_leaves_no_file()
    {
        var model = new Sequential(new Shape(8), new Dense(8), new Doubling("twice"));
        using var folder = new TempFolder();
        var path = folder.PathOf("m.onnx");

        var error = Assert.Throws<OnnxExportException>(() => model.ExportOnnx(path));
        Assert.StartsWith("Layer 'twice' (Doubling) cannot be exported to ONNX: ", error.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_custom_layer_is_named_with_the_reason()
    {
        var model = new Sequential(new Shape(3), new Dense(2), new Doubling("twice"));
        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(model));
        Assert.Equal("Layer 'twice' (Doubling) cannot be exported to ONNX: the exporter has no converter for Doubling (a custom layer has none).", error.Message);
    }

    [Fact]
    public void A_model_subclass_with_its_own_computation_is_named()
    {
        using var model = new Custom();
        model.Build([new Shape(3)]);
        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(model));
        Assert.Contains("'custom' (Custom) cannot be exported to ONNX: it is a subclass of Model (Custom)", error.Message);
    }

    [Fact]
    public void An_unbuilt_model_says_it_needs_an_input_shape()
    {
        var model = new Sequential(new Dense(2));
        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(model));
        Assert.Contains("not built", error.Message);
    }

    [Fact]
    public void An_opset_outside_13_to_17_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxExportOptions { Opset = 12 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxExportOptions { Opset = 18 });
    }

    private sealed class Doubling(string name) : Layer(name)
    {
        protected override Shape Build(Shape input) => input;

        protected override Tensor Call(Tensor input) => input * 2;
    }

    private sealed class Custom() : Model("custom")
    {
        protected override Shape Build(Shape input) => input;

        protected override Tensor Call(Tensor input) => input * 2;
    }
}
