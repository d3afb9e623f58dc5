using Lepton.Data;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Zoo.Generative;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Generative;

public sealed class GanTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [FactIfFashionMnist]
    public void The_quick_recipe_trains_both_players_scores_the_samples_and_its_model_reloads_and_generates()
    {
        LeptonRuntime.Seed(1);
        var result = ZooRecipes.Get("gan").Run(new RecipeContext(Folder) { Quick = true });

        Assert.InRange(result.Value, 1.0, 10.0);
        Assert.True(double.IsFinite(result.Figures["frechet_distance"]) && result.Figures["frechet_distance"] >= 0);
        Assert.True(new FileInfo(Assert.Single(result.Files)).Length > 1000);

        var gan = Assert.IsType<Gan>(result.Model);
        var path = Path.Combine(Folder, "gan.lepton");
        gan.Save(path);
        var loaded = Assert.IsType<Gan>(Model.Load(path));
        using var images = rand(3, 1, 28, 28);
        using var expected = gan.Predict(images);
        using var actual = loaded.Predict(images);
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-5), "the reloaded discriminator judges differently");
        LeptonRuntime.Seed(5);
        using var drawn = gan.Generate(4);
        LeptonRuntime.Seed(5);
        using var again = loaded.Generate(4);
        Assert.Equal([4L, 1L, 28L, 28L], again.shape);
        Assert.True(drawn.allclose(again, rtol: 1e-4, atol: 1e-5), "the reloaded generator draws differently from the same noise");
    }

    [Fact]
    public void Each_step_updates_both_players_and_memory_stays_flat()
    {
        LeptonRuntime.Seed(2);
        using var images = new TensorDataset(rand(256, 1, 28, 28), null);
        var gan = FashionMnistGanRecipe.Create();
        gan.Build([new Shape(1, 28, 28)]);
        var generatorBefore = gan.Generator.parameters().Select(p => p.detach().clone()).ToList();
        var discriminatorBefore = gan.Discriminator.parameters().Select(p => p.detach().clone()).ToList();
        var live = new List<long>();
        var history = gan.Fit(images, epochs: 4, batchSize: 64, callbacks: [new LiveTensors(live)], verbose: Verbosity.Silent);

        Assert.Equal(4, history["d_loss"].Count);
        Assert.Contains(gan.Generator.parameters().Zip(generatorBefore), p => !p.First.detach().allclose(p.Second));
        Assert.Contains(gan.Discriminator.parameters().Zip(discriminatorBefore), p => !p.First.detach().allclose(p.Second));
        Assert.Equal(live[1], live[^1]);
    }

    [Fact]
    public void The_classifier_score_is_the_number_of_classes_for_confident_even_answers_and_one_for_a_single_answer()
    {
        using var even = eye(10).repeat(50, 1);
        Assert.Equal(10.0, ClassifierScores.InceptionScore(even), 3);
        using var single = zeros(500, 10).index_fill_(1, tensor(new long[] { 3 }), 1.0);
        Assert.Equal(1.0, ClassifierScores.InceptionScore(single), 6);
    }

    [Fact]
    public void The_frechet_distance_is_zero_for_the_same_set_and_the_squared_mean_shift_for_a_shifted_one()
    {
        LeptonRuntime.Seed(3);
        using var a = randn(4000, 3);
        Assert.Equal(0.0, ClassifierScores.FrechetDistance(a, a), 6);
        using var shifted = a + tensor(new float[] { 2, 0, 0 });
        Assert.Equal(4.0, ClassifierScores.FrechetDistance(a, shifted), 3);
        using var scaled = a * 2;
        // Same mean; covariances I and 4I: tr(I + 4I − 2·2I) = 3 (up to sampling).
        Assert.Equal(3.0, ClassifierScores.FrechetDistance(a, scaled), 1);
    }

    private sealed class LiveTensors(List<long> live) : Nn.Callbacks.Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => live.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
