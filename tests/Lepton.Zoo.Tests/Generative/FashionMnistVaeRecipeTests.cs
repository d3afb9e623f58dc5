using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Zoo.Generative;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Generative;

public sealed class FashionMnistVaeRecipeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [FactIfFashionMnist]
    public void The_quick_recipe_scores_the_test_elbo_draws_its_pictures_and_its_model_reloads()
    {
        LeptonRuntime.Seed(1);
        var result = ZooRecipes.Get("vae").Run(new RecipeContext(Folder) { Quick = true });

        // 784 Bernoulli pixels: an untrained decoder (p = 0.5 everywhere) costs 784 ln 2 ≈ 543 nats.
        Assert.InRange(result.Value, 100, 540);
        Assert.Equal(result.Value, result.Figures["reconstruction"] + result.Figures["kl"], 3);
        Assert.Equal(["latent-map.png", "manifold.png", "samples.png"], result.Files.Select(f => Path.GetFileName(f)!).Order().ToArray());
        Assert.All(result.Files, f => Assert.True(new FileInfo(f).Length > 1000, f));

        var vae = Assert.IsType<VariationalAutoencoder>(result.Model);
        var path = Path.Combine(Folder, "vae.lepton");
        vae.Save(path);
        var loaded = Assert.IsType<VariationalAutoencoder>(Model.Load(path));
        using var images = rand(4, 1, 28, 28);
        using var expected = vae.Predict(images);
        using var actual = loaded.Predict(images);
        Assert.Equal([4L, 2L], actual.shape);
        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6), "the reloaded VAE encodes differently");
        using var noGrad = no_grad();
        using var drawn = loaded.Decode(randn(3, 2));
        Assert.Equal([3L, 1L, 28L, 28L], drawn.shape);
        Assert.InRange(drawn.min().item<float>(), 0f, 1f);
    }

    [FactIfFashionMnist]
    public void Training_lowers_the_negative_elbo_on_held_out_images()
    {
        LeptonRuntime.Seed(2);
        var (train, test) = Lepton.Data.Datasets.FashionMnist.Load();
        using var _ = train;
        using var __ = test;
        using var some = new TensorDataset(train.Input().narrow(0, 0, 1_024), null);
        using var held = new TensorDataset(test.Input().narrow(0, 0, 512), null);
        var vae = FashionMnistVaeRecipe.Create(latent: 4);
        vae.Build([new Shape(1, 28, 28)]);
        var before = vae.Evaluate(held)["loss"];
        vae.Fit(some, epochs: 2, batchSize: 64, verbose: Verbosity.Silent);
        var after = vae.Evaluate(held)["loss"];
        Assert.True(after < before - 50, $"the negative ELBO went from {before:0.0} to {after:0.0}");
    }

    [Fact]
    public void A_decoder_that_does_not_draw_the_input_shape_is_refused()
    {
        var vae = new VariationalAutoencoder(new Sequential(new Flatten(), new Dense(8)), 2, new Sequential(new Dense(10)));
        var error = Assert.Throws<Nn.ShapeMismatchException>(() => vae.Build([new Shape(1, 4, 4)]));
        Assert.Contains("(None, 10)", error.Message, StringComparison.Ordinal);
    }
}
