namespace Lepton.Core.Tests;

public sealed class MetricDirectionsTests
{
    [Theory]
    [InlineData("accuracy", MetricDirection.Maximize)]
    [InlineData("val_accuracy", MetricDirection.Maximize)]
    [InlineData("top_k_accuracy", MetricDirection.Maximize)]
    [InlineData("val_auc", MetricDirection.Maximize)]
    [InlineData("f1_macro", MetricDirection.Maximize)]
    [InlineData("precision", MetricDirection.Maximize)]
    [InlineData("recall_weighted", MetricDirection.Maximize)]
    [InlineData("r2", MetricDirection.Maximize)]
    [InlineData("loss", MetricDirection.Minimize)]
    [InlineData("val_loss", MetricDirection.Minimize)]
    [InlineData("mae", MetricDirection.Minimize)]
    [InlineData("rmse", MetricDirection.Minimize)]
    [InlineData("learning_rate", MetricDirection.None)]
    [InlineData("lr", MetricDirection.None)]
    public void A_name_suggests_a_direction_when_the_metric_does_not_say(string metric, MetricDirection expected) =>
        Assert.Equal(expected, MetricDirections.FromName(metric));
}
