using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;

namespace Lepton.Serving.Tests;

/// <summary>Tiny model files written once per test run: a 4-feature classifier (two versions), an 8x8 image classifier and a slow model.</summary>
internal static class TestModels
{
    private static readonly Lock Gate = new();
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "lepton-serving-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static readonly string[] Classes = ["cat", "dog", "bird"];

    static TestModels() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    };

    /// <summary>Dense(8, relu) → Dense(3) on 4 features, with class names and a softmax loss; <paramref name="seed"/> gives another version.</summary>
    public static string Classifier(int seed = 1) => Saved($"classifier-{seed}.lepton", () =>
    {
        LeptonRuntime.Seed(seed);
        return new Sequential(new Shape(4), new Dense(8, "relu"), new Dense(3));
    });

    /// <summary>Flatten → Dense(3) on 1x8x8 gray images, with its image format saved.</summary>
    public static string ImageClassifier() => Saved("image.lepton", () =>
    {
        LeptonRuntime.Seed(5);
        var model = new Sequential(new Shape(1, 8, 8), new Flatten(), new Dense(3));
        Format.WriteTo(model.Metadata.Preprocessing);
        return model;
    });

    /// <summary>Two 2048-wide layers: a request of a few hundred rows takes tens of milliseconds.</summary>
    public static string Slow() => Saved("slow.lepton", () =>
    {
        LeptonRuntime.Seed(9);
        return new Sequential(new Shape(64), new Dense(2048, "relu"), new Dense(2048, "relu"), new Dense(3));
    });

    /// <summary>4 features → 8192 hidden units: cheap to run, but each row allocates 32 KB of activations.</summary>
    public static string Wide() => Saved("wide.lepton", () =>
    {
        LeptonRuntime.Seed(11);
        return new Sequential(new Shape(4), new Dense(8192, "relu"), new Dense(3));
    });

    /// <summary>
    /// Dense(3) on the features of a table pipeline (x and y scaled, city one-hot) fitted on 60 generated rows and saved
    /// in the model file with its feature columns.
    /// </summary>
    public static string TableClassifier() => Saved("table.lepton", () =>
    {
        var csv = Path.Combine(Folder, "table-train.csv");
        var cities = new[] { "Paris", "Lyon", "Nice" };
        File.WriteAllLines(csv, new[] { "x,y,city,label" }.Concat(Enumerable.Range(0, 60).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i * 0.5},{100 - i * 3.25},{cities[i % 3]},{Classes[i % 3]}"))));
        using var train = Table.Read(csv);
        var fitted = Pipeline.Create().OneHot("city").Scale(Scaling.Standard, "x", "y").Fit(train);
        var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList());
        LeptonRuntime.Seed(13);
        var model = new Sequential(new Shape(table.Features.Count), new Dense(3));
        table.WriteTo(model.Metadata.Preprocessing);
        return model;
    });

    /// <summary>
    /// Like <see cref="TableClassifier"/>, but the file lists the raw columns it reads (x, y, city) and the pipeline
    /// gives city a default; with <paramref name="multiOutput"/> it has two output features instead of one output:
    /// 'kind' (the three classes) and 'score' (a number).
    /// </summary>
    public static string TableWithInputs(bool multiOutput = false) => Saved(multiOutput ? "table-inputs-multi.lepton" : "table-inputs.lepton", () =>
    {
        var csv = Path.Combine(Folder, "table-inputs-train.csv");
        var cities = new[] { "Paris", "Lyon", "Nice" };
        File.WriteAllLines(csv, new[] { "x,y,city,label" }.Concat(Enumerable.Range(0, 60).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i * 0.5},{100 - i * 3.25},{cities[i % 3]},{Classes[i % 3]}"))));
        using var train = Table.Read(csv);
        var fitted = Pipeline.Create().WithDefault("city", "Paris").OneHot("city").Scale(Scaling.Standard, "x", "y").Fit(train);
        var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList(), inputs: ["x", "y", "city"]);
        LeptonRuntime.Seed(17);
        var model = new Sequential(new Shape(table.Features.Count), new Dense(multiOutput ? 4 : 3));
        table.WriteTo(model.Metadata.Preprocessing);
        if (multiOutput) OutputHead.WriteTo(model.Metadata.Spec, [new OutputHead("kind", "category", 0, 3, Classes), new OutputHead("score", "number", 3, 1, [])]);
        return model;
    }, multiOutput ? new MultiOutputLoss([3, 1]) : null);

    /// <summary>
    /// A model of text: cl100k tokens of a vocabulary fitted on a small table (at most 100 ids), averaged embeddings,
    /// Dense; with <paramref name="withNumber"/> a second input, the scaled 'priority', joined before the Dense.
    /// </summary>
    public static string TextClassifier(bool withNumber = false) => Saved(withNumber ? "text-number.lepton" : "text.lepton", () =>
    {
        var csv = Path.Combine(Folder, withNumber ? "text-number-train.csv" : "text-train.csv");
        string[] words = ["refund my card payment", "reset my password login", "parcel delivery is late"];
        File.WriteAllLines(csv, new[] { withNumber ? "message,priority,label" : "message,label" }.Concat(Enumerable.Range(0, 30).Select(i =>
            withNumber ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"{words[i % 3]} please, ticket {i}\",{i % 5},{Classes[i % 3]}") : $"\"{words[i % 3]} please, ticket {i}\",{Classes[i % 3]}")));
        using var train = Table.Read(csv);
        var pipeline = Pipeline.Create().SubwordIds("message", sequenceLength: 8, maxTokens: 100);
        if (withNumber) pipeline.Scale(Scaling.Standard, "priority");
        var fitted = pipeline.Fit(train);
        var tokens = Enumerable.Range(0, 8).Select(i => $"message#{i}").ToList();
        var table = new TablePreprocessing(fitted, withNumber ? [.. tokens, "priority"] : tokens, withNumber ? [8, 1] : null, withNumber ? ["message", "priority"] : ["message"]);
        LeptonRuntime.Seed(13);
        var ids = new Input(new Shape(8), "message_tokens");
        var average = new GlobalAveragePool1D().Apply(new Embedding(100, 8).Apply(ids), ids);
        Model model;
        if (withNumber)
        {
            var priority = new Input(new Shape(1), "features");
            model = new Model([ids, priority], new Dense(3).Apply(new Concatenate().Apply(average, priority)));
        }
        else
        {
            model = new Model(ids, new Dense(3).Apply(average));
        }
        table.WriteTo(model.Metadata.Preprocessing);
        return model;
    });

    /// <summary>A small CNN on 1x8x8 gray images (Conv2D, MaxPool2D, Flatten, Dense), with its image format saved.</summary>
    public static string Cnn() => Saved("cnn.lepton", () =>
    {
        LeptonRuntime.Seed(21);
        var model = new Sequential(new Shape(1, 8, 8), new Conv2D(4, 3, activation: "relu", padding: "same"), new MaxPool2D(2), new Flatten(), new Dense(3));
        Format.WriteTo(model.Metadata.Preprocessing);
        return model;
    });

    /// <summary>Text through the tokenizer pipeline, an Embedding and an LSTM over the 8 token ids, then Dense(3).</summary>
    public static string LstmText() => Saved("lstm-text.lepton", () =>
    {
        var csv = Path.Combine(Folder, "lstm-train.csv");
        string[] words = ["refund my card payment", "reset my password login", "parcel delivery is late"];
        File.WriteAllLines(csv, new[] { "message,label" }.Concat(Enumerable.Range(0, 30).Select(i => $"\"{words[i % 3]} please, ticket {i}\",{Classes[i % 3]}")));
        using var train = Table.Read(csv);
        var fitted = Pipeline.Create().SubwordIds("message", sequenceLength: 8, maxTokens: 100).Fit(train);
        var table = new TablePreprocessing(fitted, Enumerable.Range(0, 8).Select(i => $"message#{i}").ToList(), null, ["message"]);
        LeptonRuntime.Seed(23);
        var model = new Sequential(new Shape(8), new Embedding(100, 8), new LSTM(6), new Dense(3));
        table.WriteTo(model.Metadata.Preprocessing);
        return model;
    });

    public static ImageFormat Format { get; } = new() { Channels = 1, Height = 8, Width = 8 };

    private static string Saved(string file, Func<Model> create, Loss? loss = null)
    {
        lock (Gate)
        {
            var path = Path.Combine(Folder, file);
            if (File.Exists(path)) return path;
            Directory.CreateDirectory(Folder);
            using var model = create();
            model.Metadata.ClassNames = loss is MultiOutputLoss ? [] : Classes;
            model.Metadata.OutputLoss = loss ?? new SparseCategoricalCrossentropy(fromLogits: true);
            model.Save(path);
            return path;
        }
    }
}
