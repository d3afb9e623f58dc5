using System.Diagnostics;

namespace Lepton.Cli.Tests;

/// <summary>
/// <c>lepton data</c> on hostile files: refused quickly with the file, the line and the flag to use. Files that
/// used to hang or crash the process are read by a child process with a time limit, so a regression fails the test
/// instead of taking the test host down.
/// </summary>
public sealed class DataFileLimitsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lepton-cli-limits-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_file_too_wide_for_the_memory_limit_names_the_flag_that_raises_it()
    {
        var text = new System.Text.StringBuilder(string.Join(',', Enumerable.Range(0, 200).Select(c => $"x{c}"))).Append('\n');
        for (var r = 0; r < 300; r++) text.Append(string.Join(',', Enumerable.Range(0, 200).Select(c => (r * c % 97).ToString(System.Globalization.CultureInfo.InvariantCulture)))).Append('\n');
        var file = Write("wide.csv", text.ToString());

        var (code, output) = CliRun.Invoke("data", "profile", file, "--memory-limit", "24MiB");

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("ran out of memory", output);
        Assert.Contains("add --memory-limit 4GB", output);
    }

    [Theory]
    [InlineData(2_000)]     // spun for minutes
    [InlineData(100_000)]   // hung for good (10,000 died with SIGSEGV at 7 GB)
    public void Deeply_nested_json_is_refused_in_seconds_naming_the_line_the_limit_and_the_flag(int depth)
    {
        var record = "{\"a\":" + new string('[', depth) + "1" + new string(']', depth) + "}\n";
        var file = Write("deep.jsonl", record + record + record);

        var (exitCode, output) = RunLepton(TimeSpan.FromSeconds(60), "data", "profile", file);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}");
        Assert.Contains($"deep.jsonl, line 1: a JSON record nests {depth + 1:N0} levels deep", Unwrapped(output));
        Assert.Contains("limit of 64", Unwrapped(output));
        Assert.Contains($"--max-json-depth {depth + 1}", Unwrapped(output));
        Assert.DoesNotContain("TableReadOptions", output);
    }

    [Fact]
    public void A_bad_row_error_names_the_flag_not_the_csharp_option()
    {
        var file = Write("bad.csv", "a,b\n1,2\n3,4,5\n6,7\n");

        var (code, output) = CliRun.Invoke("data", "profile", file);

        Assert.Equal(2, code);
        Assert.Contains("bad.csv, line 3", Unwrapped(output));
        Assert.Contains("add --skip-bad-rows to go on", Unwrapped(output));
        Assert.DoesNotContain("BadRows", output);
    }

    [Fact]
    public void A_bad_json_line_names_its_line_and_the_flag_in_profile_and_clean()
    {
        var file = Write("bad.jsonl", "{\"a\":1}\n{\"a\":2]\n{\"a\":3}\n");
        var spec = Write("clean.yaml", "steps:\n  - step: onehot\n    column: a\n");

        foreach (var args in new[] { new[] { "data", "profile", file }, ["data", "clean", file, "--spec", spec, "--out", Path.Combine(folder, "o.csv")] })
        {
            var (code, output) = CliRun.Invoke(args);
            Assert.Equal(2, code);
            Assert.Contains("bad.jsonl, line 2: not valid JSON", Unwrapped(output));
            Assert.Contains("--skip-bad-rows", Unwrapped(output));
            Assert.DoesNotContain("BadRows", output);
        }
    }

    [Fact]
    public void A_field_over_the_line_limit_says_so_where_and_which_flag_raises_it()
    {
        var file = Write("big.csv", "a,b\n1," + new string('x', 5_000_000) + "\n2,y\n");

        var (code, output) = CliRun.Invoke("data", "profile", file);
        Assert.Equal(2, code);
        Assert.Contains("big.csv, line 2: a record of 5,000,002 bytes, longer than the limit of 2,000,000", Unwrapped(output));
        Assert.Contains("add --max-record-bytes 6000000", Unwrapped(output));
        Assert.DoesNotContain("could not work out", output);

        (code, output) = CliRun.Invoke("data", "profile", file, "--max-record-bytes", "6000000");
        Assert.True(code == 0, output);
        Assert.Contains("2 rows × 2 columns", output);
    }

    [Fact]
    public void Random_bytes_are_refused_as_binary_instead_of_profiled()
    {
        var random = new Random(6);
        var bytes = new byte[1000];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)random.Next(128, 256);
        var file = Path.Combine(folder, "random.csv");
        File.WriteAllBytes(file, bytes);

        var (code, output) = CliRun.Invoke("data", "profile", file, "--skip-bad-rows");

        Assert.Equal(2, code);
        Assert.Contains("looks like a binary file", Unwrapped(output));
        Assert.DoesNotContain("rows ×", output);
    }

    [Fact]
    public void A_semicolon_file_with_commas_in_its_fields_is_profiled_with_its_header()
    {
        var file = Write("tags.csv", "name;tags\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"n{i};a,b,c\n")));

        var (code, output) = CliRun.Invoke("data", "profile", file);

        Assert.True(code == 0, output);
        Assert.Contains("20 rows × 2 columns, Csv (delimiter ';')", output);
        Assert.Contains("tags", output);
    }

    [Fact]
    public void The_format_flag_reads_a_file_whose_extension_does_not_say()
    {
        var file = Write("data.xyz", "a,b\n1,2\n");
        var (code, output) = CliRun.Invoke("data", "profile", file);
        Assert.Equal(2, code);
        Assert.Contains("--format csv|json|jsonl|parquet", Unwrapped(output));

        (code, output) = CliRun.Invoke("data", "profile", file, "--format", "csv");
        Assert.True(code == 0, output);
    }

    // The console wraps long lines at spaces; the tests read the message as one line.
    private static string Unwrapped(string output) => string.Join(' ', output.Split((char[])[' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static (int ExitCode, string Output) RunLepton(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lepton.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"still running after {timeout.TotalSeconds:0} s (killed)");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
