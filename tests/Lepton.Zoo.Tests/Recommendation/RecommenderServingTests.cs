using System.Net.Http.Json;
using System.Text.Json;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Serving;
using Lepton.Zoo.Recommendation;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Recommendation;

public sealed class RecommenderServingTests
{
    [Fact]
    public async Task The_served_model_answers_a_user_ids_top_items_by_title_ranked_by_predicted_rating()
    {
        LeptonRuntime.Seed(4);
        using var folder = new TempFolder();
        var ratings = SyntheticRatings.Generate(users: 30, items: 25, perUser: 8, seed: 8);
        var mf = new MatrixFactorization(ratings, factors: 4);
        using (var data = ratings.ToDataset()) mf.Fit(data, epochs: 3, batchSize: 64, verbose: Verbosity.Silent);
        UserIdInput.WriteTo(mf.Scorer, ratings, folder.Path);
        var path = folder.PathOf("recommender.lepton");
        mf.Scorer.Save(path);

        // What the scorer itself ranks first for user id "12" (index 3 of the ids in text order 1, 10, 11, 12, …).
        var user = ratings.UserIds.ToList().IndexOf("12");
        Assert.Equal(3, user);
        using var model = Model.Load(path);
        using var input = tensor(new float[] { user }).reshape(1, 1);
        var scores = model.Predict(input)[0].data<float>().ToArray();
        var expected = scores.Select((s, i) => (Score: s, Item: i)).OrderByDescending(x => x.Score).Take(5).ToList();

        var options = new ServingOptions { Port = 0, KeysPath = folder.PathOf("keys.json"), AuditLogPath = folder.PathOf("audit.jsonl") };
        await using var server = InferenceServer.Create(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await server.StartAsync();
        await server.LoadAsync(path, name: "recommender");
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.PostAsJsonAsync("/models/recommender/predict?top=5", new { instances = new[] { new { userId = 12 } } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);

        var top = JsonDocument.Parse(text).RootElement.GetProperty("predictions")[0].GetProperty("top");
        Assert.Equal(expected.Select(x => ratings.ItemLabel(x.Item)), top.EnumerateArray().Select(c => c.GetProperty("label").GetString()));
        // Without an output loss the answer is the raw score: the predicted rating, not a probability.
        Assert.Equal(expected[0].Score, top[0].GetProperty("probability").GetSingle(), 4);
    }
}
