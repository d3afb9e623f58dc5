using System.Globalization;
using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Export.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Cli.Tests;

/// <summary><c>lepton predict --runtime onnx</c> and <c>lepton predict m.onnx</c>: the same predictions as TorchSharp, and clear refusals.</summary>
public sealed class PredictOnnxRuntimeTests : IDisposable
{
    private static readonly string[] Classes = TableModels.Classes;
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_table_predicted_on_onnx_runtime_gives_the_file_torch_gives()
    {
        var model = TableModels.Train(folder, 90, 2);
        var data = folder.Write("new.csv", "id,x,size,color\n" + string.Join("\n", Enumerable.Range(500, 40).Select(i => TableModels.Unlabelled(i))) + "\nz-last,4.5,,purple\n");

        var (torchCode, torchText) = CliRun.Invoke("predict", model, data, "--out", folder.PathOf("torch.csv"), "--id", "id");
        var (onnxCode, onnxText) = CliRun.Invoke("predict", model, data, "--out", folder.PathOf("onnx.csv"), "--id", "id", "--runtime", "onnx", "--chunk-rows", "7");

        Assert.True(torchCode == 0, torchText);
        Assert.True(onnxCode == 0, onnxText);
        Assert.Contains("41 predictions", onnxText);
        AssertSameFile(folder.PathOf("torch.csv"), folder.PathOf("onnx.csv"), firstNumber: 2);
    }

    [Fact]
    public void An_exported_onnx_file_predicts_an_image_folder_as_its_lepton_model_does()
    {
        var format = new ImageFormat { Channels = 1, Height = 8, Width = 8 };
        LeptonRuntime.Seed(5);
        var model = new Sequential(new Shape(1, 8, 8), new Conv2D(4, 3, activation: "relu"), new MaxPool2D(2), new Flatten(), new Dense(3));
        model.Compile(new Adam(), new SparseCategoricalCrossentropy(fromLogits: true));
        model.Metadata.ClassNames = Classes;
        format.WriteTo(model.Metadata.Preprocessing);
        model.Save(folder.PathOf("image.lepton"));
        OnnxExport.Save(model, folder.PathOf("image.onnx"));
        var images = Path.Combine(folder.Path, "images");
        Directory.CreateDirectory(images);
        foreach (var seed in Enumerable.Range(1, 5))
        {
            using var scope = NewDisposeScope();
            format.SavePng(rand([1, 8, 8], generator: new Generator((ulong)seed)), Path.Combine(images, $"{seed}.png"));
        }

        var (torchCode, torchText) = CliRun.Invoke("predict", folder.PathOf("image.lepton"), images, "--out", folder.PathOf("torch.csv"));
        var (onnxCode, onnxText) = CliRun.Invoke("predict", folder.PathOf("image.onnx"), images, "--out", folder.PathOf("onnx.csv"));
        var (printCode, printText) = CliRun.Invoke("predict", folder.PathOf("image.onnx"), "--image", Path.Combine(images, "1.png"), "--top", "2");

        Assert.True(torchCode == 0, torchText);
        Assert.True(onnxCode == 0, onnxText);
        Assert.True(printCode == 0, printText);
        AssertSameFile(folder.PathOf("torch.csv"), folder.PathOf("onnx.csv"), firstNumber: 2);
        var best = File.ReadAllLines(folder.PathOf("torch.csv"))[1].Split(',')[1];
        Assert.Contains($": {best} (", printText);
    }

    [Fact]
    public void A_whole_table_onnx_file_predicts_a_table_as_its_lepton_model_does()
    {
        var model = TableModels.Train(folder, 90, 2);
        var (exportCode, exported) = CliRun.Invoke("export", model, "--output", folder.PathOf("whole.onnx"));
        var data = folder.Write("rows.csv", "id,x,size,color\n" + string.Join("\n", Enumerable.Range(500, 40).Select(i => TableModels.Unlabelled(i))) + "\nz-last,4.5,,purple\n");

        var (leptonCode, leptonText) = CliRun.Invoke("predict", model, data, "--out", folder.PathOf("lepton.csv"), "--id", "id");
        var (onnxCode, onnxText) = CliRun.Invoke("predict", folder.PathOf("whole.onnx"), data, "--out", folder.PathOf("onnx.csv"), "--id", "id", "--chunk-rows", "7");

        Assert.True(exportCode == 0, exported);
        Assert.True(leptonCode == 0, leptonText);
        Assert.True(onnxCode == 0, onnxText);
        Assert.Contains("41 predictions", onnxText);
        AssertSameFile(folder.PathOf("lepton.csv"), folder.PathOf("onnx.csv"), firstNumber: 2, tolerance: 1e-5);
    }

    [Fact]
    public void A_whole_table_onnx_file_refuses_a_table_without_a_column_or_with_text_for_numbers_naming_the_column()
    {
        var model = TableModels.Train(folder, 90, 2);
        CliRun.Invoke("export", model, "--output", folder.PathOf("whole.onnx"));
        var noColor = folder.Write("no-color.csv", "id,x,size\na,1.5,3\nb,2,4\n");
        var textX = folder.Write("text-x.csv", "id,x,size,color\na,1.5,3,red\nb,lots,4,blue\n");

        var (missingCode, missing) = CliRun.Invoke("predict", folder.PathOf("whole.onnx"), noColor, "--out", folder.PathOf("p.csv"));
        var (typeCode, type) = CliRun.Invoke("predict", folder.PathOf("whole.onnx"), textX, "--out", folder.PathOf("q.csv"));

        Assert.NotEqual(0, missingCode);
        Assert.Contains("'color'", missing);
        Assert.NotEqual(0, typeCode);
        Assert.Contains("'x'", type);
        Assert.Contains("'lots'", type);
        Assert.False(File.Exists(folder.PathOf("p.csv")));
        Assert.False(File.Exists(folder.PathOf("q.csv")));
    }

    [Fact]
    public void Files_onnx_runtime_cannot_run_are_refused_with_the_path_and_the_reason()
    {
        var (missingCode, missing) = CliRun.Invoke("predict", folder.PathOf("nowhere.onnx"), "--image", "x.png");
        var garbage = folder.Write("garbage.onnx", "not protobuf at all");
        var (garbageCode, notOnnx) = CliRun.Invoke("predict", garbage, "--image", "x.png");
        var (serveCode, serve) = CliRun.Invoke("serve", folder.PathOf("nowhere.onnx"), "--port", "0");

        Assert.NotEqual(0, missingCode);
        Assert.Contains("nowhere.onnx", missing);
        Assert.Contains("does not exist", missing);
        Assert.NotEqual(0, garbageCode);
        Assert.Contains("garbage.onnx", notOnnx);
        Assert.Contains("is not an ONNX model ONNX Runtime can load", notOnnx);
        Assert.NotEqual(0, serveCode);
        Assert.Contains("nowhere.onnx", serve);
    }

    /// <summary>The same header, the same text before <paramref name="firstNumber"/> (ids, classes), and numbers within <paramref name="tolerance"/>.</summary>
    private static void AssertSameFile(string torch, string onnx, int firstNumber, double tolerance = 1e-4)
    {
        var expected = File.ReadAllLines(torch);
        var actual = File.ReadAllLines(onnx);
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected[0], actual[0]);
        for (var i = 1; i < expected.Length; i++)
        {
            var e = expected[i].Split(',');
            var a = actual[i].Split(',');
            Assert.Equal(e[..firstNumber], a[..firstNumber]);
            for (var j = firstNumber; j < e.Length; j++)
                Assert.True(Math.Abs(double.Parse(e[j], CultureInfo.InvariantCulture) - double.Parse(a[j], CultureInfo.InvariantCulture)) <= tolerance, $"line {i} column {j}: {e[j]} vs {a[j]}");
        }
    }
}
