using System.Globalization;
using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Cli.Tests;

/// <summary><c>lepton predict MODEL DATA --out FILE</c> for a table model built in the test and for an image folder.</summary>
public sealed class PredictCommandTests : IDisposable
{
    private static readonly string[] Classes = TableModels.Classes;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_table_gets_one_row_per_input_row_in_order_with_its_id_and_class_probabilities_that_sum_to_one()
    {
        var modelPath = TableModels.Train(folder, 120, 3);
        // Rows the model never saw, one missing a value the pipeline imputes and one with an unseen colour.
        var data = folder.Write("new.csv", "id,x,size,color\n" + string.Join("\n", Enumerable.Range(500, 47).Select(i => TableModels.Unlabelled(i))) + "\nz-last,4.5,,purple\n");
        var output = folder.PathOf("predictions.csv");

        var (code, text) = CliRun.Invoke("predict", modelPath, data, "--out", output, "--id", "id", "--chunk-rows", "10");

        Assert.True(code == 0, text);
        Assert.Contains("48 predictions", text);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,prediction,p_low,p_mid,p_high", lines[0]);
        Assert.Equal(49, lines.Length);
        Assert.Equal([.. Enumerable.Range(500, 47).Select(i => $"c{i:D4}"), "z-last"], lines.Skip(1).Select(l => l.Split(',')[0]));

        // The same rows through the model in this process, all at once.
        using var model = Model.Load(modelPath);
        using var preprocessing = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        using var table = Table.Read(data);
        using var applied = preprocessing.Pipeline.Apply(table);
        using var scope = NewDisposeScope();
        var expected = model.PredictProbabilities(FeatureTensors.ToFeatureTensor(applied.Table, [.. preprocessing.Features])).data<float>().ToArray();
        foreach (var (line, row) in lines.Skip(1).Select((l, r) => (l.Split(','), r)))
        {
            var p = line[2..].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, p.Sum(), 4);
            Assert.Equal(Classes[Array.IndexOf(p, p.Max())], line[1]);
            for (var c = 0; c < 3; c++) Assert.Equal(expected[row * 3 + c], p[c], 5);
        }
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_column_the_model_needs_is_named_in_one_line_and_no_file_is_left()
    {
        var modelPath = TableModels.Train(folder, 120, 3);
        var data = folder.Write("no-color.csv", "id,x,size\na,1.5,3\nb,2.5,4\n");
        var output = folder.PathOf("predictions.csv");

        var (code, text) = CliRun.Invoke("predict", modelPath, data, "--out", output);

        Assert.Equal(2, code);
        Assert.Contains("'color'", text);
        Assert.Single(text.Trim().Split('\n'), l => l.Contains("'color'", StringComparison.Ordinal));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));

        var (idCode, idText) = CliRun.Invoke("predict", modelPath, data, "--out", output, "--id", "customer");
        Assert.Equal(2, idCode);
        Assert.Contains("'customer'", idText);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_parquet_name_gets_a_parquet_file_whose_ids_stay_text()
    {
        var modelPath = TableModels.Train(folder, 120, 3);
        var data = folder.Write("new.csv", "id,x,size,color\n007,1.5,3,red\n010,8.5,11,blue\n");
        var output = folder.PathOf("predictions.parquet");

        var (code, text) = CliRun.Invoke("predict", modelPath, data, "--out", output, "--id", "id");

        Assert.True(code == 0, text);
        using var written = Table.Read(output);
        Assert.Equal(2, written.RowCount);
        Assert.Equal(new string?[] { "007", "010" }, written.GetStrings("id"));
        Assert.All(written.GetStrings("prediction"), p => Assert.Contains(p, Classes));
    }

    [Fact]
    public void An_image_folder_gets_one_row_per_readable_image_in_sorted_path_order_and_unreadable_ones_are_skipped_and_counted()
    {
        var format = new ImageFormat { Channels = 1, Height = 8, Width = 8 };
        LeptonRuntime.Seed(5);
        var model = new Sequential(new Shape(1, 8, 8), new Flatten(), new Dense(3));
        model.Compile(new Adam(), new SparseCategoricalCrossentropy(fromLogits: true));
        model.Metadata.ClassNames = Classes;
        format.WriteTo(model.Metadata.Preprocessing);
        var modelPath = folder.PathOf("image.lepton");
        model.Save(modelPath);
        var images = Path.Combine(folder.Path, "images");
        Directory.CreateDirectory(Path.Combine(images, "b"));
        Directory.CreateDirectory(Path.Combine(images, "a"));
        foreach (var (name, seed) in new[] { ("b/2.png", 1), ("a/9.png", 2), ("a/10.png", 3) })
        {
            using var scope = NewDisposeScope();
            format.SavePng(rand([1, 8, 8], generator: new Generator((ulong)seed)), Path.Combine(images, name));
        }
        File.WriteAllText(Path.Combine(images, "b", "broken.png"), "not an image");
        File.WriteAllText(Path.Combine(images, "notes.txt"), "ignored");
        var output = folder.PathOf("images.csv");

        var (code, text) = CliRun.Invoke("predict", modelPath, images, "--out", output);

        Assert.True(code == 0, text);
        Assert.Contains("1 unreadable images skipped", text);
        Assert.Contains("b/broken.png", text);
        var lines = File.ReadAllLines(output);
        Assert.Equal("path,prediction,p_low,p_mid,p_high", lines[0]);
        Assert.Equal(["a/10.png", "a/9.png", "b/2.png"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void A_regressor_gets_its_value_as_the_prediction_and_no_probabilities()
    {
        var csv = folder.Write("train.csv", "x,size,target\n1,2,3.5\n2,4,7.25\n3,5,9\n4,8,12.5\n");
        using var train = Table.Read(csv);
        var fitted = Pipeline.Create().Scale(Scaling.MinMax, "x", "size").Fit(train);
        using var preprocessing = new TablePreprocessing(fitted, ["x", "size"]);
        LeptonRuntime.Seed(7);
        var model = new Sequential(new Shape(2), new Dense(1));
        model.Compile(new Adam(), new MeanSquaredError());
        preprocessing.WriteTo(model.Metadata.Preprocessing);
        var modelPath = folder.PathOf("regressor.lepton");
        model.Save(modelPath);
        var data = folder.Write("new.csv", "x,size\n1.5,3\n3.5,6\n");
        var output = folder.PathOf("values.csv");

        var (code, text) = CliRun.Invoke("predict", modelPath, data, "--out", output);

        Assert.True(code == 0, text);
        var lines = File.ReadAllLines(output);
        Assert.Equal("prediction", lines[0]);
        using var rows = Table.Read(data);
        using var applied = fitted.Apply(rows);
        using var loaded = Model.Load(modelPath);
        using var scope = NewDisposeScope();
        var expected = loaded.Predict(FeatureTensors.ToFeatureTensor(applied.Table, "x", "size")).data<float>().ToArray();
        Assert.Equal(expected, lines.Skip(1).Select(l => float.Parse(l, CultureInfo.InvariantCulture)));
    }
}
