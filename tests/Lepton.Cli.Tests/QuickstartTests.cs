using System.Text.RegularExpressions;
using Lepton.Data.Datasets;
using Lepton.Nn.Models;
using Lepton.Tracking;

namespace Lepton.Cli.Tests;

/// <summary>The main job end to end on a slice of Fashion-MNIST, then evaluate, predict and summary on what it saved.</summary>
public sealed partial class QuickstartTests : IDisposable
{
    // Runs are recorded under a throwaway LEPTON_HOME, never the user's.
    private readonly string _home = Directory.CreateTempSubdirectory("lepton-home-").FullName;
    private readonly string? _previousHome = Environment.GetEnvironmentVariable(LeptonHome.Variable);

    public QuickstartTests() => Environment.SetEnvironmentVariable(LeptonHome.Variable, _home);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(LeptonHome.Variable, _previousHome);
        Directory.Delete(_home, recursive: true);
    }

    [FactIfFashionMnist]
    public async Task Quickstart_trains_saves_records_registers_and_the_saved_model_evaluates_predicts_and_summarizes()
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

        await using (var tracking = await TrackingClient.OpenAsync())
        {
            var run = Assert.Single(await tracking.Store.SearchRunsAsync(new RunQuery(["fashion-mnist"])));
            Assert.Contains($"Recorded run {run.Info.RunId}", output);
            Assert.Contains("registered fashion-mnist/1", output);
            Assert.Equal(RunStatus.Finished, run.Info.Status);
            Assert.Equal("small", run.Params["recipe"]);
            Assert.Equal("1", run.Params["seed"]);
            Assert.StartsWith("lepton quickstart --limit 3000", run.Info.Source);
            Assert.Equal(accuracy, run.LatestMetrics["test_accuracy"].Value, 4);
            Assert.Equal([1, 2], (await tracking.Store.GetMetricHistoryAsync(run.Info.RunId, "val_accuracy")).Select(p => p.Epoch ?? 0));
            var full = await tracking.Store.GetRunAsync(run.Info.RunId);
            Assert.Equal(["fashion-mnist/test", "fashion-mnist/train"], full.Datasets.Select(d => d.Dataset.Name).Order());
            Assert.Equal(3000, full.Datasets.Single(d => d.Context == "train").Dataset.Rows);
            // Each recorded with its class balance, for the dashboard's Data page.
            var classes = (await tracking.Store.GetDatasetAsync(full.Datasets.Single(d => d.Context == "test").Dataset.Hash)).Profile!.Column("class")!;
            Assert.Equal(10, classes.TopValues.Count);
            Assert.All(classes.TopValues, v => Assert.Equal(1000, v.Count)); // Fashion-MNIST's test set: 1,000 of each class
            var registered = await tracking.Store.GetModelVersionAsync("fashion-mnist", 1);
            Assert.Equal(run.Info.RunId, registered.RunId);
            var (_, cached) = await tracking.Registry.DownloadAsync("fashion-mnist/1");
            Assert.Equal(File.ReadAllBytes(modelPath), File.ReadAllBytes(cached)); // the registered file is the saved one, test metrics included
        }

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
        Assert.Equal(0, CliRun.Invoke("quickstart", "--limit", "500", "--epochs", "1", "--output", modelPath, "--no-tracking").ExitCode);
        Assert.False(File.Exists(Path.Combine(_home, "lepton.db")));
        var notImage = Path.Combine(folder, "notes.png");
        File.WriteAllText(notImage, "not an image");
        var (code, output) = CliRun.Invoke("predict", modelPath, "--image", notImage);
        Assert.Equal(2, code);
        Assert.Contains("is not an image", output);
    }

    [FactIfFashionMnist]
    public async Task Ctrl_C_stops_after_the_current_batch_keeps_the_best_model_and_records_the_run_as_killed()
    {
        var folder = Directory.CreateTempSubdirectory("lepton-interrupt-").FullName;
        var modelPath = Path.Combine(folder, "interrupted.lepton");
        // Started as a terminal starts a foreground job, with SIGINT at its default action. A process started with
        // SIGINT ignored (a background job of a non-interactive shell, say) hands that on to its children, and .NET
        // then leaves SIGINT ignored: the signal below would be dropped by the kernel and lepton would train all 50
        // epochs. env is not needed on a terminal, but makes the test independent of its parent.
        var start = new System.Diagnostics.ProcessStartInfo("env")
        {
            ArgumentList =
            {
                "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "lepton.dll"),
                "quickstart", "--limit", "6000", "--epochs", "50", "--threads", "1", "--output", modelPath,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [LeptonHome.Variable] = _home },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var errors = new System.Text.StringBuilder();
        var thirdEpoch = new ManualResetEventSlim();
        var acknowledged = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.StartsWith("Epoch 3/", StringComparison.Ordinal) == true) thirdEpoch.Set();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors) errors.AppendLine(e.Data);
            if (e.Data?.StartsWith("Stopping after this batch", StringComparison.Ordinal) == true) acknowledged.Set();
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Fit registers its SIGINT handler before it prints the first epoch, so from here on Ctrl+C is Fit's.
            Assert.True(thirdEpoch.Wait(HangGuard), $"training never reached epoch 3:\n{output}\n{errors}");
            Assert.False(IgnoresSigint(process.Id), $"lepton (pid {process.Id}) was started with SIGINT ignored, so Ctrl+C cannot reach it.");
            Assert.Equal(0, Kill(process.Id, Sigint));
            Assert.True(acknowledged.Wait(HangGuard), $"lepton did not acknowledge Ctrl+C:\n{output}\n{errors}");
            // Then it evaluates the best weights on all 10,000 test images, saves and records the run: seconds of CPU
            // that a loaded machine stretches to a minute or more. The wait only guards against a hang.
            Assert.True(process.WaitForExit(HangGuard), $"lepton acknowledged Ctrl+C but did not finish:\n{output}\n{errors}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("Stopping after this batch", errors.ToString());
        Assert.Contains("Training was interrupted", output.ToString());
        Assert.DoesNotContain("Epoch 4/", output.ToString());
        var model = Model.Load(modelPath);
        Assert.True(model.Metadata.Metrics.ContainsKey("test_accuracy"));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        await using var tracking = await TrackingClient.OpenAsync();
        var run = Assert.Single(await tracking.Store.SearchRunsAsync(new RunQuery(["fashion-mnist"])));
        Assert.Equal(RunStatus.Killed, run.Info.Status);
        Assert.Equal(2, (await tracking.Store.GetMetricHistoryAsync(run.Info.RunId, "val_accuracy")).Count);
    }

    private const int Sigint = 2;

    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    /// <summary>Whether the process ignores SIGINT (bit 1 of SigIgn, the ignored-signals mask in /proc/PID/status).</summary>
    private static bool IgnoresSigint(int pid)
    {
        var mask = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return (ulong.Parse(mask, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << (Sigint - 1))) != 0;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"Test accuracy: (\d\.\d{4})")]
    private static partial Regex TestAccuracy();
}
