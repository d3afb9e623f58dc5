using Lepton.Nn.Metrics;
using Lepton.Nn.Training;

namespace Lepton.Nn.Tests.Metrics;

public sealed class MetricResultsTests
{
    [Fact]
    public void Evaluate_gives_its_keys_and_an_unknown_key_lists_them()
    {
        LeptonRuntime.Seed(2);
        using var data = TestData.Separable(64);
        var model = TestData.Classifier();
        model.Fit(data, epochs: 1, verbose: Verbosity.Silent);

        var results = model.Evaluate(data, extraMetrics: new F1Score(Averaging.Macro));

        Assert.Equal(["accuracy", "f1_macro", "loss"], results.Keys.Order());
        Assert.InRange(results["f1_macro"], 0, 1);
        var typo = Assert.Throws<KeyNotFoundException>(() => results["f1-macro"]);
        Assert.Contains("no metric 'f1-macro'", typo.Message);
        Assert.Contains("Its keys: loss, accuracy, f1_macro", typo.Message);
        Assert.Contains("r2", typo.Message);   // every metric key, to pick from

        var notEvaluated = Assert.Throws<KeyNotFoundException>(() => results["rmse"]);
        Assert.Contains("not evaluated with", notEvaluated.Message);
    }

    [Fact]
    public void Every_catalog_name_is_in_the_documented_table_of_keys()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "deep-learning.md"));
        foreach (var name in MetricCatalog.Names) Assert.Contains($"`{name}`", docs);
        foreach (var key in new[] { "loss", "top_5_accuracy", "val_loss" }) Assert.Contains($"`{key}`", docs);
    }

    private static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Lepton.slnx"))) folder = Path.GetDirectoryName(folder) ?? throw new DirectoryNotFoundException("Lepton.slnx not found above the test folder.");
        return folder;
    }
}
