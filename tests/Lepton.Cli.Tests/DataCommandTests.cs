namespace Lepton.Cli.Tests;

public sealed class DataCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lepton-cli-data-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Profile_prints_columns_correlations_target_relations_and_findings()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"{i},{i * 1.5},{(i % 3 == 0 ? "" : "x" + (i % 4))},{(i % 10 == 0 ? "yes" : "no")}");
        var file = Write("d.csv", "id,score,group,label\n" + string.Join("\n", rows) + "\n");

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
        var file = Write("bad.csv", "a,b\n1,2\n3,4,5\n6,7\n");

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
        var file = Write("ok.csv", "a,b\n1,2\n3,4\n");
        var (code, output) = CliRun.Invoke("data", "profile", file, "--target", "nope");
        Assert.Equal(2, code);
        Assert.Contains("no column 'nope'", output);

        (code, output) = CliRun.Invoke("data", "profile", Path.Combine(folder, "missing.csv"));
        Assert.Equal(2, code);
        Assert.Contains("file not found", output);
    }
}
