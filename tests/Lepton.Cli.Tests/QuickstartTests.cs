using System.Text.RegularExpressions;
using Lepton.Data.Datasets;
using Lepton.Nn.Models;

namespace Lepton.Cli.Tests;

/// <summary>The main job end to end on a slice of Fashion-MNIST, then evaluate, predict and summary on what it saved.</summary>
public sealed partial class QuickstartTests
{
    [FactIfFashionMnist]
    public void Quickstart_trains_saves_and_the_saved_model_evaluates_predicts_and_summarizes()
    {
        var folder = Directory.CreateTempSubdirectory("lepton-quickstart-").FullName;
        var modelPath = Path.Combine(folder, "fashion.lepton");

        var (code, output) = CliRun.Invoke("quickstart", "--limit", "3000", "--epochs", "2", "--seed", "1", "--threads", "2", "--output", modelPath);
        Assert.True(code == 0, output);
        Assert.Contains("Epoch 2/2", output);
        Assert.Contains("Total params: 225,034", output);
        Assert.Contains("Confusion matrix", output);
        var accuracy = double.Parse(TestAccuracy().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 0.6, 1.0);
        Assert.True(File.Exists(modelPath));

        var model = Model.Load(modelPath);
        Assert.Equal(FashionMnist.ClassNames, model.Metadata.ClassNames);
        Assert.Equal(accuracy, model.Metadata.Metrics["test_accuracy"], 4);

        var (evalCode, evalOutput) = CliRun.Invoke("evaluate", modelPath);
        Assert.Equal(0, evalCode);
        Assert.Contains($"accuracy: {accuracy:0.0000}", evalOutput);

        var sample = Path.Combine(folder, "samples", "9-ankle-boot.png");
        Assert.True(File.Exists(sample));
        var (predictCode, predictOutput) = CliRun.Invoke("predict", modelPath, "--image", sample, "--top", "3");
        Assert.Equal(0, predictCode);
        Assert.Matches(@"9-ankle-boot\.png: \S", predictOutput);
        Assert.Matches(@"\d\.\d{4}", predictOutput);

        var (summaryCode, summaryOutput) = CliRun.Invoke("summary", modelPath);
        Assert.Equal(0, summaryCode);
        Assert.Contains("conv2d", summaryOutput);
        Assert.Contains("test_accuracy", summaryOutput);
    }

    [FactIfFashionMnist]
    public void Predict_on_a_file_that_is_not_an_image_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("lepton-predict-").FullName;
        var modelPath = Path.Combine(folder, "m.lepton");
        Assert.Equal(0, CliRun.Invoke("quickstart", "--limit", "500", "--epochs", "1", "--output", modelPath).ExitCode);
        var notImage = Path.Combine(folder, "notes.png");
        File.WriteAllText(notImage, "not an image");
        var (code, output) = CliRun.Invoke("predict", modelPath, "--image", notImage);
        Assert.Equal(2, code);
        Assert.Contains("is not an image", output);
    }

    [GeneratedRegex(@"Test accuracy: (\d\.\d{4})")]
    private static partial Regex TestAccuracy();
}
