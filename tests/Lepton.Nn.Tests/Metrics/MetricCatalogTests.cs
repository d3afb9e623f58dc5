using Lepton.Nn.Metrics;

namespace Lepton.Nn.Tests.Metrics;

public sealed class MetricCatalogTests
{
    [Theory]
    [InlineData("acc", "accuracy")]
    [InlineData("accuracy", "accuracy")]
    [InlineData("precision", "precision")]
    [InlineData("recall", "recall")]
    [InlineData("f1", "f1")]
    [InlineData("f1_macro", "f1_macro")]
    [InlineData("f1_micro", "f1_micro")]
    [InlineData("f1_weighted", "f1_weighted")]
    [InlineData("precision_macro", "precision_macro")]
    [InlineData("recall_weighted", "recall_weighted")]
    [InlineData("auc", "auc")]
    [InlineData("mae", "mae")]
    [InlineData("rmse", "rmse")]
    [InlineData("r2", "r2")]
    [InlineData("top_k_accuracy", "top_5_accuracy")]
    [InlineData("top_k_categorical_accuracy", "top_5_accuracy")]
    [InlineData("sparse_top_k_categorical_accuracy", "top_5_accuracy")]
    [InlineData("confusion_matrix", "confusion_matrix")]
    public void Names_people_type_give_the_metric(string typed, string name) =>
        Assert.Equal(name, MetricCatalog.Create(typed).Name);

    [Fact]
    public void Clones_keep_the_settings()
    {
        var clone = Assert.IsType<F1Score>(new F1Score(Averaging.Weighted, 0.3).Clone());
        Assert.Equal(Averaging.Weighted, clone.Averaging);
        Assert.Equal(0.3, clone.Threshold);
        Assert.Equal(3, Assert.IsType<TopKAccuracy>(new TopKAccuracy(3).Clone()).K);
    }
}
