using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Models;
using Lepton.Training.Automatic;
using Lepton.Training.Tests.Automatic;
using static TorchSharp.torch;

namespace Lepton.Training.Tests.Text;

public sealed class TextCandidateTests
{
    [Fact]
    public void The_text_candidate_learns_a_ticket_table_from_its_text_and_numbers()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tickets.Write(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(60), Candidates = ["text"] });
        var plan = trainer.Plan(table, "team");

        using var result = trainer.Train(table, plan);

        Assert.Equal("text", result.Kept);
        Assert.True(result.TestMetrics["accuracy"] >= 0.9, $"test accuracy {result.TestMetrics["accuracy"]}: {result.Trials[0].Note}");
        Assert.Equal(["message_tokens", "features"], result.Model.InputNames);
        Assert.Contains("bag of embeddings", result.Trials[0].Note);
    }

    [Fact]
    public void A_saved_text_model_tokenizes_raw_records_exactly_as_training_did()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tickets.Write(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(60), Candidates = ["text"] });
        using var result = trainer.Train(table, trainer.Plan(table, "team"));
        var path = Path.Combine(folder.Path, "tickets.lepton");
        result.Save(path);

        using var loaded = Model.Load(path);
        using var preprocessing = TablePreprocessing.ReadFrom(loaded.Metadata.Preprocessing)!;
        Assert.Equal(2, preprocessing.InputSizes.Count);
        Assert.Equal(1, preprocessing.InputSizes[1]);
        var steps = preprocessing.Pipeline.ToJsonObject()["steps"]!.AsArray();
        var tokens = steps.OfType<JsonObject>().Single(s => (string?)s["step"] == "subword_ids");
        Assert.Equal("cl100k_base", (string?)tokens["Encoding"]);
        Assert.True(tokens["Vocabulary"]!.AsArray().Count > 10);

        JsonObject[] records =
        [
            new() { ["message"] = "I was charged twice, please refund the payment", ["priority"] = 2 },
            new() { ["message"] = "my password reset code is not working, account locked", ["priority"] = 1 },
            new() { ["message"] = "the parcel has not arrived, tracking says late", ["priority"] = 4 },
            new() { ["message"] = "zzz qqq unseen words only", ["priority"] = 3 },
        ];
        var inputs = preprocessing.SplitByInput(preprocessing.FeaturesOf(records));
        using var scope = NewDisposeScope();
        var tensors = inputs.Select((values, i) => tensor(values, [records.Length, preprocessing.InputSizes[i]])).ToArray();
        var fromFile = loaded.PredictProbabilities(tensors);
        var inMemory = result.Model.PredictProbabilities(tensors);
        Assert.True(fromFile.allclose(inMemory), "the loaded model answers as the trained one");
        var classes = fromFile.argmax(1).data<long>().ToArray();
        Assert.Equal(["billing", "login", "shipping"], classes.Take(3).Select(c => loaded.Metadata.ClassNames[(int)c]));
    }

    [Theory]
    [InlineData("text_lstm", "bidirectional LSTM")]
    [InlineData("text_gru", "bidirectional GRU")]
    [InlineData("text_transformer", "Transformer encoder")]
    public void Each_text_encoder_trains_saves_and_loads_back(string candidate, string described)
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tickets.Write(folder, rows: 150, withPriority: false));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(20), Candidates = [candidate] });
        using var result = trainer.Train(table, trainer.Plan(table, "team"));
        Assert.Contains(described, result.Trials[0].Note);
        Assert.True(result.TestMetrics["accuracy"] > 0.5, $"test accuracy {result.TestMetrics["accuracy"]}: {result.Trials[0].Note}");
        var path = Path.Combine(folder.Path, $"{candidate}.lepton");
        result.Save(path);

        using var loaded = Model.Load(path);
        using var preprocessing = TablePreprocessing.ReadFrom(loaded.Metadata.Preprocessing)!;
        var features = preprocessing.FeaturesOf([new JsonObject { ["message"] = "refund my card payment please" }]);
        using var scope = NewDisposeScope();
        var ids = tensor(features, [1, features.Length]);
        Assert.True(loaded.Predict(ids).allclose(result.Model.Predict(ids)));
    }

    [Fact]
    public void A_table_without_text_skips_the_text_candidates()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder, rows: 80));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(20), Candidates = ["text", "linear", "text_lstm"] });
        using var result = trainer.Train(table, trainer.Plan(table, "churn"));
        Assert.Equal(["linear"], result.Trials.Select(t => t.Name));
    }

    [Fact]
    public void The_text_candidate_predicts_a_number_in_the_targets_units()
    {
        using var folder = new TempFolder();
        var random = new Random(5);
        var csv = new System.Text.StringBuilder("review,stars\n");
        string[] good = ["great", "excellent", "love", "perfect", "wonderful"];
        string[] bad = ["awful", "broken", "hate", "terrible", "refund"];
        for (var i = 0; i < 200; i++)
        {
            var stars = 1 + random.Next(5);
            var words = Enumerable.Range(0, 6).Select(_ => random.Next(5) < stars ? good[random.Next(5)] : bad[random.Next(5)]);
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"the product is {string.Join(' ', words)}\",{stars * 100.0 + 0.5}\n");
        }
        using var table = Table.Read(folder.Write("reviews.csv", csv.ToString()));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(40), Candidates = ["text"], Task = Features.TrainingTask.Regression });
        using var result = trainer.Train(table, trainer.Plan(table, "stars"));
        Assert.True(result.TestMetrics["r2"] > 0.5, $"test R² {result.TestMetrics["r2"]}: {result.Trials[0].Note}");
    }
}
