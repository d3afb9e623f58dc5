using System.Globalization;
using Lepton.Data.Images;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Cli.Tests.Explain;

/// <summary><c>lepton explain MODEL DATA</c>: permutation importance and integrated gradients for a table model, saliency overlays for an image model, and its errors.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_table_model_s_class_follows_x_and_both_methods_rank_x_first_with_files_written()
    {
        var model = TableModels.Train(folder, 240, 40);
        var test = folder.Write("test.csv", "id,x,size,color,label\n" + string.Join("\n", Enumerable.Range(1000, 150).Select(TableModels.Row)) + "\n");

        var (code, text) = CliRun.Invoke("explain", model, test, "--target", "label", "--repeats", "3", "--out", folder.PathOf("why"));

        Assert.True(code == 0, text);
        Assert.Contains("150 rows of", text);
        Assert.Contains("within 1% on 150 of 150 rows", text);
        var importance = File.ReadAllLines(folder.PathOf("why/importance.csv"));
        Assert.Equal("column,permutation_mean,permutation_std,integrated_gradients_mean_abs,integrated_gradients_mean", importance[0]);
        var rows = importance.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["color", "size", "x"], rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.Equal("x", rows[0][0]);
        Assert.True(Number(rows[0][1]) > 0.2, $"x: accuracy drop {rows[0][1]}");
        var gradients = rows.ToDictionary(r => r[0], r => Number(r[3]));
        Assert.True(gradients["x"] > gradients["size"] && gradients["x"] > gradients["color"], string.Join("; ", importance));
        var attributions = File.ReadAllLines(folder.PathOf("why/attributions.csv"));
        Assert.Equal("row,explained_output,output,baseline_output,x,size,color=blue,color=green,color=red", attributions[0]);
        Assert.Equal(151, attributions.Length);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(folder.PathOf("why/importance.png")).Take(4));
    }

    [Fact]
    public void A_gradient_boosted_model_is_explained_by_TreeSHAP_whose_contributions_add_up_exactly()
    {
        var csv = folder.Write("train.csv", "id,x,size,color,label\n" + string.Join("\n", Enumerable.Range(0, 300).Select(TableModels.Row)) + "\n");
        using var train = Lepton.Data.Tables.Table.Read(csv);
        using var transformed = Lepton.Data.Pipelines.Pipeline.Create().Impute("size", Lepton.Data.Pipelines.Imputation.Median).OneHot("color").Fit(train, out var fitted);
        var preprocessing = new Lepton.Data.Pipelines.TablePreprocessing(fitted, ["x", "size", "color=blue", "color=green", "color=red"]);
        using var features = Lepton.Data.Pipelines.FeatureTensors.ToFeatureTensor(transformed.Table, [.. preprocessing.Features]);
        using var labels = Lepton.Data.Pipelines.FeatureTensors.ToLabelTensor(transformed.Table, "label", TableModels.Classes);
        using var data = new Lepton.Data.TensorDataset(features, labels, TableModels.Classes);
        using var model = new Lepton.Training.Trees.GradientBoostingTrainer(new Lepton.Training.Trees.GradientBoostingOptions { NumberOfTrees = 20 })
            .Fit(data, TreeObjective.Multiclass, name: "gbm");
        model.Metadata.ClassNames = TableModels.Classes;
        preprocessing.WriteTo(model.Metadata.Preprocessing);
        model.Save(folder.PathOf("gbm.lepton"));
        var test = folder.Write("test.csv", "id,x,size,color,label\n" + string.Join("\n", Enumerable.Range(1000, 120).Select(TableModels.Row)) + "\n");

        var (code, text) = CliRun.Invoke("explain", folder.PathOf("gbm.lepton"), test, "--target", "label", "--repeats", "2", "--out", folder.PathOf("why"));

        Assert.True(code == 0, text);
        Assert.Contains("TreeSHAP: attributions add up to the output's change from the baseline within 1% on 120 of 120 rows", text);
        var importance = File.ReadAllLines(folder.PathOf("why/importance.csv"));
        Assert.Equal("column,permutation_mean,permutation_std,tree_shap_mean_abs,tree_shap_mean", importance[0]);
        var shap = importance.Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0], r => Number(r[3]));
        Assert.True(shap["x"] > 5 * Math.Max(shap["size"], shap["color"]), string.Join("; ", importance));
    }

    [Fact]
    public void A_text_column_s_tokens_are_attributed_through_the_model_s_embedding()
    {
        var model = TextModel();
        var test = folder.Write("texts-test.csv", "n,text,label\n" + string.Join("\n", Enumerable.Range(500, 80).Select(TextRow)) + "\n");

        var (code, text) = CliRun.Invoke("explain", model, test, "--target", "label", "--repeats", "2", "--out", folder.PathOf("why"));

        Assert.True(code == 0, text);
        Assert.Contains("within 1% on 80 of 80 rows", text);
        var importance = File.ReadAllLines(folder.PathOf("why/importance.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["text", "n"], importance.Select(r => r[0]));
        Assert.True(Number(importance[0][3]) > 5 * Number(importance[1][3]), string.Join("; ", importance.Select(r => string.Join(",", r))));
        var header = File.ReadLines(folder.PathOf("why/attributions.csv")).First();
        Assert.Equal("row,explained_output,output,baseline_output,n," + string.Join(",", Enumerable.Range(0, 6).Select(i => $"text#{i}")), header);
    }

    private static readonly string[] Good = ["great", "lovely", "superb"];
    private static readonly string[] Bad = ["awful", "poor", "broken"];
    private static readonly string[] Filler = ["the", "movie", "was", "a", "plot"];

    /// <summary>Row <paramref name="i"/>: a number that does not matter, four filler words and one word that decides the label.</summary>
    private static string TextRow(int i)
    {
        var positive = i * 7 % 10 < 5;
        var words = Filler.Take(2 + (i % 3)).Append((positive ? Good : Bad)[i % 3]).Concat(Filler.Skip(3));
        return string.Create(CultureInfo.InvariantCulture, $"{i * 13 % 17 / 3.0},{string.Join(' ', words)},{(positive ? "pos" : "neg")}");
    }

    /// <summary>A two-input network over a scaled number and the text's token ids (an embedding, averaged), trained and saved with its pipeline.</summary>
    private string TextModel()
    {
        var csv = folder.Write("texts.csv", "n,text,label\n" + string.Join("\n", Enumerable.Range(0, 300).Select(TextRow)) + "\n");
        using var train = Lepton.Data.Tables.Table.Read(csv);
        using var transformed = Lepton.Data.Pipelines.Pipeline.Create().Scale(Lepton.Data.Pipelines.Scaling.Standard, "n").TokenIds("text", maxTokens: 40, sequenceLength: 6).Fit(train, out var fitted);
        var features = new[] { "n" }.Concat(Enumerable.Range(0, 6).Select(i => $"text#{i}")).ToArray();
        var preprocessing = new Lepton.Data.Pipelines.TablePreprocessing(fitted, features, [1, 6]);
        LeptonRuntime.Seed(4);
        var number = new Input(new Shape(1), name: "n");
        var ids = new Input(new Shape(6), name: "text");
        var words = new GlobalAveragePool1D().Apply(new Embedding(64, 8).Apply(ids));
        var output = new Dense(2).Apply(new Concatenate().Apply(number, new Dense(8, "relu").Apply(words)));
        var model = new Model([number, ids], output);
        model.Compile(new Adam(0.03), new SparseCategoricalCrossentropy(fromLogits: true));
        using var x = Lepton.Data.Pipelines.FeatureTensors.ToFeatureTensor(transformed.Table, features);
        using var y = Lepton.Data.Pipelines.FeatureTensors.ToLabelTensor(transformed.Table, "label", ["neg", "pos"]);
        var parts = preprocessing.SplitByInput(x);
        model.Fit(new Lepton.Data.TensorDataset([parts[0], parts[1]], y, ["neg", "pos"]), epochs: 30, batchSize: 16, verbose: Lepton.Nn.Training.Verbosity.Silent);
        model.Metadata.ClassNames = ["neg", "pos"];
        preprocessing.WriteTo(model.Metadata.Preprocessing);
        var path = folder.PathOf("text.lepton");
        model.Save(path);
        return path;
    }

    [Fact]
    public void An_image_model_gets_one_overlay_per_image_whose_attributions_add_up()
    {
        var format = new ImageFormat { Channels = 1, Height = 8, Width = 8 };
        LeptonRuntime.Seed(5);
        var model = new Sequential(new Shape(1, 8, 8), new Conv2D(4, 3, activation: "tanh"), new Flatten(), new Dense(3));
        model.Compile(new Adam(), new SparseCategoricalCrossentropy(fromLogits: true));
        model.Metadata.ClassNames = ["a", "b", "c"];
        format.WriteTo(model.Metadata.Preprocessing);
        model.Save(folder.PathOf("image.lepton"));
        var images = Path.Combine(folder.Path, "images");
        Directory.CreateDirectory(images);
        foreach (var seed in Enumerable.Range(1, 3))
        {
            using var scope = NewDisposeScope();
            format.SavePng(rand([1, 8, 8], generator: new Generator((ulong)seed)), Path.Combine(images, $"shot {seed}.png"));
        }

        var (code, text) = CliRun.Invoke("explain", folder.PathOf("image.lepton"), images, "--out", folder.PathOf("maps"));

        Assert.True(code == 0, text);
        Assert.Contains("within 1% on 3 of 3 rows", text);
        var overlays = Directory.GetFiles(folder.PathOf("maps")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["0000-shot-1.png", "0001-shot-2.png", "0002-shot-3.png"], overlays);
        // The image and its overlay side by side with a 2-pixel gap, each pixel enlarged 28 times (8 × 28 = 224 high).
        var png = File.ReadAllBytes(folder.PathOf("maps/0000-shot-1.png"));
        Assert.Equal((8 + 2 + 8) * 28, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(8 * 28, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void Wrong_data_and_options_are_refused_with_what_to_do()
    {
        var model = TableModels.Train(folder, 60, 2);
        var test = folder.Write("nolabel.csv", "id,x,size,color\n" + string.Join("\n", Enumerable.Range(0, 5).Select(TableModels.Unlabelled)) + "\n");
        var lacking = folder.Write("lacking.csv", "id,size,label\nc1,3,low\n");

        var (noTarget, noTargetText) = CliRun.Invoke("explain", model, test);
        var (missing, missingText) = CliRun.Invoke("explain", model, test, "--target", "label");
        var (column, columnText) = CliRun.Invoke("explain", model, lacking, "--target", "label");
        var (rows, rowsText) = CliRun.Invoke("explain", model, test, "--target", "label", "--rows", "0");

        Assert.NotEqual(0, noTarget);
        Assert.Contains("--target COL", noTargetText);
        Assert.NotEqual(0, missing);
        Assert.Contains("no column 'label'", missingText);
        Assert.NotEqual(0, column);
        Assert.Contains("lacks the column(s) x, color", columnText);
        Assert.NotEqual(0, rows);
        Assert.Contains("--rows must be at least 1", rowsText);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
