using Lepton.Export.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>What the file holds besides the graph, how it is written, and one output per head for a multi-task model.</summary>
public sealed class ExportFileTests
{
    [Fact]
    public void The_file_carries_the_class_names_preprocessing_and_version_and_a_dynamic_batch()
    {
        var model = new Sequential(new Shape(4), new Dense(3, name: "output"));
        model.Metadata.ClassNames = ["cat", "dog", "owl"];
        model.Metadata.Preprocessing["scale"] = 0.5;
        model.Metadata.Description = "three animals";

        var proto = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model));

        var meta = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("[\"cat\",\"dog\",\"owl\"]", meta["class_names"]);
        Assert.Equal("{\"scale\":0.5}", meta["preprocessing"]);
        Assert.Equal("[\"input\"]", meta["input_names"]);
        Assert.Equal("0.1.0", meta["lepton_version"]);
        Assert.Equal("three animals", proto.DocString);
        Assert.Equal(8, proto.IrVersion);
        Assert.Equal(17, proto.OpsetImport.Single().Version);
        Assert.Equal("batch", proto.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal("batch", proto.Graph.Output.Single().Type.TensorType.Shape.Dim[0].DimParam);
        // A layer called "output" does not take the file's output name.
        Assert.Equal("output", proto.Graph.Output.Single().Name);
        Assert.Contains(proto.Graph.Initializer, i => i.Name == "output.weight");
    }

    [Fact]
    public void Saving_replaces_the_file_in_one_step_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("m.onnx");
        File.WriteAllText(path, "old");
        var model = new Sequential(new Shape(2), new Dense(2));

        model.ExportOnnx(path);

        Assert.Equal(OnnxExport.ToBytes(model), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path));
        Assert.Throws<OnnxExportException>(() => new Sequential(new Dense(3)).ExportOnnx(path));
        Assert.Equal(OnnxExport.ToBytes(model), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_multi_task_model_can_have_one_output_per_head()
    {
        using var scope = NewDisposeScope();
        var model = new Sequential(new Shape(3), new Dense(6, "relu"), new Dense(5));
        OutputHead.WriteTo(model.Metadata.Spec, [new("kind", "category", 0, 3, ["a", "b", "c"]), new("price", "number", 3, 1, []), new("weight", "number", 4, 1, [])]);
        using var folder = new TempFolder();
        var path = folder.PathOf("heads.onnx");

        model.ExportOnnx(path, new OnnxExportOptions { OutputPerHead = true });

        var x = randn(4, 3);
        var expected = model.Predict(x);
        using var session = new InferenceSession(path);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x.data<float>().ToArray(), [4, 3]))]);
        Assert.Equal(["kind", "price", "weight"], results.Select(r => r.Name));
        foreach (var (result, offset, width) in results.Zip(new[] { (0, 3), (3, 1), (4, 1) }, (r, h) => (r, h.Item1, h.Item2)))
        {
            var want = expected.narrow(1, offset, width).contiguous().data<float>().ToArray();
            var got = result.AsEnumerable<float>().ToArray();
            Assert.Equal(want.Length, got.Length);
            for (var i = 0; i < got.Length; i++) Assert.InRange(got[i] - want[i], -1e-4, 1e-4);
        }
        OnnxChecker.AssertValid(path);
    }
}
