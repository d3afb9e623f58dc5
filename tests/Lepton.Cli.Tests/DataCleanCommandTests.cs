namespace Lepton.Cli.Tests;

public sealed class DataCleanCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [FactIfSklearnData]
    public void Clean_fits_a_spec_on_iris_prints_each_step_and_writes_the_result_then_applies_the_saved_pipeline()
    {
        // iris.csv's first line is counts; give the rows real names.
        var lines = File.ReadAllLines(SklearnData.Iris).Skip(1);
        var data = folder.Write("iris.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n" + string.Join("\n", lines) + "\n");
        var spec = folder.Write("clean.yaml", """
            steps:
              - step: outliers
                column: sepal_width
                action: clip
              - step: scale
                method: standard
                except: [species]
              - step: onehot
                column: species
            """);
        var output = folder.PathOf("out.csv");
        var saved = folder.PathOf("pipeline.json");

        var (code, text) = CliRun.Invoke("data", "clean", data, "--spec", spec, "--out", output, "--save-pipeline", saved);

        Assert.Equal(0, code);
        Assert.Contains("clip outliers of sepal_width", text);
        Assert.Contains("(standard)", text);
        Assert.Contains("one-hot species", text);
        Assert.Contains("150 rows in, 150 rows out", text);
        var written = File.ReadAllLines(output);
        Assert.Equal("sepal_length,sepal_width,petal_length,petal_width,species=0,species=1,species=2", written[0]);
        Assert.Equal(151, written.Length);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));

        var test = folder.Write("new.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n5.0,3.0,1.5,0.2,0\n6.0,2.9,4.5,1.5,7\n");
        var (applied, report) = CliRun.Invoke("data", "clean", test, "--pipeline", saved, "--out", folder.PathOf("new-out.csv"));
        Assert.Equal(0, applied);
        Assert.Contains("1 unseen categories → all zeros", report);
    }

    [Fact]
    public void Clean_names_a_missing_column_and_needs_a_spec_or_a_pipeline()
    {
        var data = folder.Write("d.csv", "a,b\n1,2\n3,4\n");
        var spec = folder.Write("s.yaml", "steps:\n  - step: onehot\n    column: city\n");
        var (code, text) = CliRun.Invoke("data", "clean", data, "--spec", spec, "--out", folder.PathOf("o.csv"));
        Assert.Equal(2, code);
        Assert.Contains("'city'", text);
        Assert.False(File.Exists(folder.PathOf("o.csv")));

        var (neither, message) = CliRun.Invoke("data", "clean", data, "--out", folder.PathOf("o.csv"));
        Assert.Equal(2, neither);
        Assert.Contains("--spec", message);
    }
}
