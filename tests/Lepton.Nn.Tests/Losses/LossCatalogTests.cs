using Lepton.Nn.Losses;

namespace Lepton.Nn.Tests.Losses;

public sealed class LossCatalogTests
{
    [Theory]
    [InlineData("mse", "mean_squared_error")]
    [InlineData("mean_squared_error", "mean_squared_error")]
    [InlineData("mae", "mean_absolute_error")]
    [InlineData("mean_absolute_error", "mean_absolute_error")]
    [InlineData("huber", "huber")]
    [InlineData("binary_crossentropy", "binary_crossentropy")]
    [InlineData("bce", "binary_crossentropy")]
    [InlineData("categorical_crossentropy", "categorical_crossentropy")]
    [InlineData("sparse_categorical_crossentropy", "sparse_categorical_crossentropy")]
    [InlineData("kl_divergence", "kl_divergence")]
    [InlineData("kld", "kl_divergence")]
    public void Names_and_short_forms_give_the_loss_with_its_keras_name(string typed, string name) =>
        Assert.Equal(name, LossCatalog.Create(typed).Name);

    [Fact]
    public void From_logits_reaches_the_classification_losses()
    {
        Assert.True(LossCatalog.Create("bce", fromLogits: true).FromLogits);
        Assert.True(LossCatalog.Create("categorical_crossentropy", fromLogits: true).FromLogits);
    }

    [Fact]
    public void Regression_losses_refuse_logits() =>
        Assert.Throws<ArgumentException>(() => LossCatalog.Create("mse", fromLogits: true));

    [Fact]
    public void Descriptions_keep_the_settings_of_each_loss()
    {
        var huber = Assert.IsType<Huber>(LossCatalog.FromDescription(LossCatalog.Describe(new Huber(2.5))));
        Assert.Equal(2.5, huber.Delta);
        var categorical = Assert.IsType<CategoricalCrossentropy>(
            LossCatalog.FromDescription(LossCatalog.Describe(new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1))));
        Assert.True(categorical.FromLogits);
        Assert.Equal(0.1, categorical.LabelSmoothing);
        Assert.IsType<KLDivergence>(LossCatalog.FromDescription(LossCatalog.Describe(new KLDivergence())));
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => LossCatalog.Create("crossentropy"));
        Assert.Contains("binary_crossentropy", error.Message, StringComparison.Ordinal);
    }
}
