namespace Lepton.Cli.Tests;

public sealed class DataCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Profile_prints_columns_correlations_target_relations_and_findings()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"{i},{i * 1.5},{(i % 3 == 0 ? "" : "x" + (i % 4))},{(i % 10 == 0 ? "yes" : "no")}");
        var file = folder.Write("d.csv", "id,score,group,label\n" + string.Join("\n", rows) + "\n");

        var (code, output) = CliRun.Invoke("data", "profile", file, "--target", "label");

        Assert.Equal(0, code);
        Assert.Contains("60 rows × 4 columns", output);
        Assert.Contains("score", output);
        Assert.Contains("strongest correlations", output);
        Assert.Contains("relation to label", output);
        Assert.Contains("MissingValues", output);
        Assert.Contains("ClassImbalance", output);
    }

    [Fact]
    public void A_bad_row_stops_profile_with_its_line_unless_skipping()
    {
        var file = folder.Write("bad.csv", "a,b\n1,2\n3,4,5\n6,7\n");

        var (code, output) = CliRun.Invoke("data", "profile", file);
        Assert.Equal(2, code);
        Assert.Contains("line 3", output);
        Assert.DoesNotContain("   at ", output);

        (code, output) = CliRun.Invoke("data", "profile", file, "--skip-bad-rows");
        Assert.Equal(0, code);
        Assert.Contains("3 rows read, 2 kept, 1 skipped", output);
    }

    [Fact]
    public void An_unknown_target_or_missing_file_is_a_clear_error()
    {
        var file = folder.Write("ok.csv", "a,b\n1,2\n3,4\n");
        var (code, output) = CliRun.Invoke("data", "profile", file, "--target", "nope");
        Assert.Equal(2, code);
        Assert.Contains("no column 'nope'", output);

        (code, output) = CliRun.Invoke("data", "profile", folder.PathOf("missing.csv"));
        Assert.Equal(2, code);
        Assert.Contains("missing.csv: no such file or folder", output);
    }

    [Fact]
    public void Profile_out_writes_one_html_report_and_charts_writes_the_pngs()
    {
        var rows = Enumerable.Range(0, 80).Select(i => $"{i},{i * 1.5 + i % 7},{(i % 3 == 0 ? "" : "g" + (i % 4))},{(i % 5 == 0 ? "yes" : "no")}");
        var file = folder.Write("r.csv", "id,score,group,label\n" + string.Join("\n", rows) + "\n");
        var html = Path.Combine(folder.Path, "out", "report.html");
        var charts = folder.PathOf("charts");

        var (code, output) = CliRun.Invoke("data", "profile", file, "--target", "label", "--out", html, "--charts", charts);

        Assert.Equal(0, code);
        Assert.Contains("Report: " + html, output);
        var page = File.ReadAllText(html);
        Assert.Contains("<section id=\"columns\">", page);
        Assert.Contains("data:image/png;base64,", page);
        Assert.Contains("missing-values.png", Directory.GetFiles(charts).Select(Path.GetFileName));
    }

    [Fact]
    public void List_shows_every_dataset_and_whether_it_is_installed()
    {
        var (code, output) = CliRun.Invoke("data", "list");

        Assert.Equal(0, code);
        foreach (var name in new[] { "fashion-mnist", "iris", "wine", "breast_cancer", "digits", "diabetes" }) Assert.Contains(name, output);
    }

    [Fact]
    public void Show_describes_a_dataset_and_an_unknown_name_lists_the_others()
    {
        var (code, output) = CliRun.Invoke("data", "show", "iris");
        Assert.Equal(0, code);
        Assert.Contains("150", output);
        Assert.Contains("species (3 classes: setosa, versicolor, virginica)", output);
        Assert.Contains("iris.csv", output);
        Assert.Contains("python3-sklearn", output);

        (code, output) = CliRun.Invoke("data", "show", "mnist");
        Assert.Equal(2, code);
        Assert.Contains("no dataset 'mnist'", output);
        Assert.Contains("breast_cancer", output);
    }

    [FactIfSklearnData]
    public void Profile_accepts_a_dataset_name()
    {
        var (code, output) = CliRun.Invoke("data", "profile", "wine", "--target", "cultivar");

        Assert.Equal(0, code);
        Assert.Contains("178 rows × 14 columns", output);
        Assert.Contains("relation to cultivar", output);
    }
}
