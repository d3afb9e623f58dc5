namespace Lepton.Cli.Tests;

public sealed class CommandTests
{
    [Theory]
    [InlineData("quickstart")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("summary")]
    [InlineData("doctor")]
    public void Every_command_has_help(string command)
    {
        var (code, output) = CliRun.Invoke(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
        Assert.Contains(command, output);
    }

    [Fact]
    public void Doctor_reports_the_engine_and_proves_it_trains()
    {
        var (code, output) = CliRun.Invoke("doctor", "--threads", "1");
        Assert.Equal(0, code);
        Assert.Contains("native fix", output);
        Assert.Contains("libtorch", output);
        Assert.Contains("engine check: ok", output);
    }

    [Fact]
    public void A_missing_model_file_is_a_clear_error_not_a_stack_trace()
    {
        var (code, output) = CliRun.Invoke("summary", "/nonexistent/model.lepton");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_a_clear_error()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "hello");
        var (code, output) = CliRun.Invoke("summary", path);
        Assert.Equal(2, code);
        Assert.Contains("not a readable Lepton model file", output);
    }

    [Fact]
    public void Quickstart_with_a_folder_lacking_the_dataset_lists_the_files_it_needs()
    {
        var folder = Directory.CreateTempSubdirectory("lepton-empty-").FullName;
        var (code, output) = CliRun.Invoke("quickstart", "--data", folder);
        Assert.Equal(2, code);
        Assert.Contains("train-images-idx3-ubyte.gz", output);
    }

    [Fact]
    public void Bad_option_values_are_rejected_with_the_option_named()
    {
        var (code, output) = CliRun.Invoke("quickstart", "--recipe", "huge");
        Assert.NotEqual(0, code);
        Assert.Contains("huge", output + code);
    }
}
