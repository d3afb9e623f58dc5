using Lepton.Data;
using Lepton.Nn.Models;
using Lepton.Zoo.Anomaly;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Anomaly;

public sealed class BreastCancerAnomalyRecipeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [FactIfSklearnData]
    public void The_quick_recipe_separates_malignant_from_benign_and_its_saved_model_scores_the_same()
    {
        LeptonRuntime.Seed(1);
        var result = ZooRecipes.Get("anomaly").Run(new RecipeContext(Folder) { Quick = true });

        Assert.InRange(result.Value, 0.75, 1.0);
        var detector = Assert.IsType<AnomalyAutoencoder>(result.Model);
        Assert.True(double.IsFinite(detector.Threshold) && detector.Threshold > 0);

        var path = Path.Combine(Folder, "anomaly.lepton");
        detector.Save(path);
        var loaded = Assert.IsType<AnomalyAutoencoder>(Model.Load(path));
        Assert.Equal(detector.Threshold, loaded.Threshold);
        using var rows = randn(8, 30) * 10 + 50;
        using var expected = detector.Predict(rows);
        using var actual = loaded.Predict(rows);
        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6), "the reloaded detector scores differently");
        Assert.Equal([8L, 1L], actual.shape);
    }

    [FactIfSklearnData]
    public void The_split_file_puts_every_row_in_exactly_one_role_and_only_benign_rows_train()
    {
        LeptonRuntime.Seed(2);
        var result = ZooRecipes.Get("anomaly").Run(new RecipeContext(Folder) { Quick = true, Options = new Dictionary<string, string> { ["epochs"] = "1" } });

        var lines = File.ReadAllLines(Assert.Single(result.Files)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(569, lines.Count);
        Assert.Equal(569, lines.Select(l => l[0]).Distinct().Count());
        Assert.All(lines.Where(l => l[1] != "test"), l => Assert.Equal("benign", l[2]));
        Assert.Equal(212, lines.Count(l => l[1] == "test" && l[2] == "malignant"));
        Assert.Equal(1.0, result.Figures["epochs_trained"]);
    }

    [Fact]
    public void A_decoder_that_does_not_rebuild_the_input_shape_is_refused_naming_both_shapes()
    {
        var detector = new AnomalyAutoencoder(new Sequential(new Nn.Layers.Dense(2)), new Sequential(new Nn.Layers.Dense(3)));
        var error = Assert.Throws<Nn.ShapeMismatchException>(() => detector.Build([new Shape(5)]));
        Assert.Contains("(None, 3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(None, 5)", error.Message, StringComparison.Ordinal);
    }

    [FactIfSklearnData]
    public void An_unknown_option_value_is_an_error_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ZooRecipes.Get("anomaly").Run(new RecipeContext(Folder) { Quick = true, Options = new Dictionary<string, string> { ["latent"] = "many" } }));
        Assert.Contains("latent=many", error.Message, StringComparison.Ordinal);
    }
}
