using System.Text.Json;
using Lepton.Nn.Models;
using Lepton.Zoo.Anomaly;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Anomaly;

public sealed class FashionMnistAutoencoderRecipeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [FactIfFashionMnist]
    public void The_quick_recipe_learns_to_reconstruct_writes_its_picture_and_split_and_its_model_reloads()
    {
        LeptonRuntime.Seed(1);
        var result = ZooRecipes.Get("autoencoder").Run(new RecipeContext(Folder) { Quick = true, Options = new Dictionary<string, string> { ["holdout"] = "8" } });

        Assert.InRange(result.Value, 0.0, 1.0);
        Assert.Equal("Bag", result.Parameters["holdout_class"]);
        // Pixels are in [0, 1]: predicting 0.5 everywhere would cost about 0.19; a trained epoch does far better.
        Assert.InRange(result.Figures["val_reconstruction"], 0.0, 0.15);

        var picture = Assert.Single(result.Files, f => f.EndsWith(".png", StringComparison.Ordinal));
        var bytes = File.ReadAllBytes(picture);
        Assert.Equal(0x89, bytes[0]);
        Assert.Equal(224, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(112, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        using var split = JsonDocument.Parse(File.ReadAllText(Assert.Single(result.Files, f => f.EndsWith(".json", StringComparison.Ordinal))));
        Assert.Equal(8, split.RootElement.GetProperty("holdout").GetInt32());
        Assert.Equal(3_000, split.RootElement.GetProperty("train").GetInt32() + split.RootElement.GetProperty("validation").GetInt32());

        var detector = Assert.IsType<AnomalyAutoencoder>(result.Model);
        var path = Path.Combine(Folder, "autoencoder.lepton");
        detector.Save(path);
        var loaded = Model.Load(path);
        using var images = rand(4, 1, 28, 28);
        using var expected = detector.Predict(images);
        using var actual = loaded.Predict(images);
        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6), "the reloaded detector scores differently");
    }
}
