using System.Text;
using Lepton.Cli.Tests.Tracking;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;

namespace Lepton.Cli.Tests.Training;

public sealed class TextTrainCommandTests
{
    [Fact]
    public void A_table_of_text_trains_the_text_candidate_and_predicts_raw_rows_through_the_saved_tokenizer()
    {
        using var home = new TrackingHome();
        string[][] words = [["invoice", "refund", "payment", "card", "charged"], ["password", "login", "account", "reset", "locked"], ["parcel", "delivery", "courier", "tracking", "late"]];
        string[] teams = ["billing", "login", "shipping"];
        string[] shared = ["please", "help", "my", "the", "is", "not", "today", "again", "why"];
        var random = new Random(7);
        var csv = new StringBuilder("message,team\n");
        for (var i = 0; i < 150; i++)
        {
            var team = i % 3;
            var message = Enumerable.Range(0, 3).Select(_ => words[team][random.Next(5)]).Concat(Enumerable.Range(0, 4).Select(_ => shared[random.Next(shared.Length)]));
            csv.Append($"\"{string.Join(' ', message.OrderBy(_ => random.Next()))}\",{teams[team]}\n");
        }
        var data = home.File("tickets.csv");
        File.WriteAllText(data, csv.ToString());
        var output = home.File("tickets.lepton");

        var (code, text) = CliRun.Invoke("train", data, "--target", "team", "--candidates", "text", "--time-limit", "30s", "--output", output, "--no-tracking");

        Assert.True(code == 0, text);
        Assert.Contains("text (kept)", text);
        Assert.Contains("bag of embeddings", text);
        using (var model = Model.Load(output))
        {
            using var preprocessing = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
            Assert.Equal(["message_tokens"], model.InputNames);
            Assert.All(preprocessing.Features, f => Assert.StartsWith("message#", f));
        }

        var predictions = home.File("predictions.csv");
        var (predictCode, predicted) = CliRun.Invoke("predict", output, data, "--out", predictions);
        Assert.True(predictCode == 0, predicted);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal(151, lines.Length);
        Assert.StartsWith("prediction,p_billing,p_login,p_shipping", lines[0]);
        var right = lines.Skip(1).Select((l, i) => l.Split(',')[0] == teams[i % 3]).Count(r => r);
        Assert.True(right >= 130, $"{right} of 150 rows predicted as their team");
    }
}
