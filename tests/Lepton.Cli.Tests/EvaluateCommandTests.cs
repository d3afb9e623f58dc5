using Lepton.Cli.Commands;
using Lepton.Nn.Metrics;

namespace Lepton.Cli.Tests;

public sealed class EvaluateCommandTests
{
    [Fact]
    public void Evaluate_prints_the_accuracy_once_and_never_under_the_confusion_matrix_name()
    {
        var confusion = new ConfusionMatrix();
        var metrics = new Dictionary<string, double> { ["loss"] = 0.25, ["accuracy"] = 0.875, [confusion.Name] = 0.875 };

        var lines = EvaluateCommand.MetricLines(metrics, confusion).ToList();

        Assert.Equal(["[bold]accuracy[/]: 0.8750", "[bold]loss[/]: 0.2500"], lines);
    }
}
