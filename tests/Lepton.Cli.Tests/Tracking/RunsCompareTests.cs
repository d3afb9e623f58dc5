using Lepton.Cli.Commands;
using SkiaSharp;

namespace Lepton.Cli.Tests.Tracking;

/// <summary><c>lepton runs compare</c>: the side-by-side table, and the charts it writes with <c>--plot</c>.</summary>
public sealed class RunsCompareTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly TrackingHome _home = new();

    public void Dispose() => _home.Dispose();

    private static async Task<(string Adam, string Sgd)> RecordTwoRunsAsync()
    {
        await using var client = await TrackingHome.OpenAsync();
        var adam = await TrackingHome.RecordRunAsync(client, "fashion", "adam-run",
            new Dictionary<string, object?> { ["optimizer"] = "adam", ["lr"] = 0.001, ["epochs"] = 3 },
            new Dictionary<string, double[]> { ["val_accuracy"] = [0.80, 0.90, 0.93], ["val_loss"] = [0.5, 0.3, 0.2] },
            stepLoss: [2.3, 1.5, 1.1, 0.9, 0.7]);
        var sgd = await TrackingHome.RecordRunAsync(client, "fashion", "sgd-run",
            new Dictionary<string, object?> { ["optimizer"] = "sgd", ["lr"] = 0.001, ["epochs"] = 3, ["momentum"] = 0.9 },
            new Dictionary<string, double[]> { ["val_accuracy"] = [0.70, 0.85, 0.88], ["val_loss"] = [0.6, 0.4, 0.35] },
            stepLoss: [2.3, 1.9, 1.6, 1.4, 1.2]);
        return (adam, sgd);
    }

    private static string LineWith(string output, string text) =>
        output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) ?? throw new Xunit.Sdk.XunitException($"no line with '{text}' in:\n{output}");

    [Fact]
    public async Task Compare_sets_params_and_final_metrics_side_by_side_marking_differences_and_the_best()
    {
        var (adam, sgd) = await RecordTwoRunsAsync();

        var (code, output) = CliRun.Invoke("runs", "compare", adam, sgd[..12]);

        Assert.True(code == 0, output);
        Assert.Contains("adam-run", output);
        Assert.Contains("sgd-run", output);
        var optimizer = LineWith(output, "optimizer");
        Assert.Contains($"optimizer {CompareCommand.DiffersMark}", optimizer);
        Assert.True(optimizer.IndexOf("adam", StringComparison.Ordinal) < optimizer.IndexOf("sgd", StringComparison.Ordinal), optimizer);
        Assert.Contains("momentum *", LineWith(output, "momentum"));
        Assert.Contains("—", LineWith(output, "momentum"));
        var lr = LineWith(output, " lr ");
        Assert.DoesNotContain(CompareCommand.DiffersMark, lr);
        Assert.Contains("0.001", lr);
        // accuracy: highest is best; loss: lowest is best
        var accuracy = LineWith(output, "val_accuracy");
        Assert.Contains($"0.9300 {CompareCommand.BestMark}", accuracy);
        Assert.Contains("0.8800", accuracy);
        Assert.DoesNotContain($"0.8800 {CompareCommand.BestMark}", accuracy);
        var loss = LineWith(output, "val_loss");
        Assert.Contains($"0.2000 {CompareCommand.BestMark}", loss);
        Assert.DoesNotContain($"0.3500 {CompareCommand.BestMark}", loss);
        Assert.Contains($"0.7000 {CompareCommand.BestMark}", LineWith(output, " loss "));
    }

    [Fact]
    public async Task Compare_plot_writes_one_png_with_a_chart_per_metric()
    {
        var (adam, sgd) = await RecordTwoRunsAsync();
        var path = _home.File("charts/compare.png");

        var (code, output) = CliRun.Invoke("runs", "compare", adam, sgd, "--metric", "val_accuracy", "--metric", "loss", "--plot", path);

        Assert.True(code == 0, output);
        Assert.Contains("Wrote 2 charts", output);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(PngSignature, bytes[..8]);
        using var image = SKBitmap.Decode(bytes);
        Assert.NotNull(image);
        Assert.Equal(MetricCharts.GridSize(2), (image.Width, image.Height));
        Assert.Equal((2 * MetricCharts.Width, MetricCharts.Height), (image.Width, image.Height));
        Assert.True(Colors(image) > 4, "the chart is blank");
        Assert.Equal(["compare.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        // the table only holds the metrics asked for
        Assert.DoesNotContain("val_loss", output);
    }

    [Fact]
    public async Task Compare_plot_to_html_writes_one_self_contained_page()
    {
        var (adam, sgd) = await RecordTwoRunsAsync();
        var path = _home.File("compare.html");

        var (code, output) = CliRun.Invoke("runs", "compare", adam, sgd, "--plot", path);

        Assert.True(code == 0, output);
        var html = await File.ReadAllTextAsync(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("<style>", html);
        Assert.Contains("adam-run", html);
        Assert.Contains("sgd-run", html);
        Assert.Contains("<tr><th>experiment</th><td>fashion</td><td>fashion</td></tr>", html);
        Assert.Contains("class=\"differs\"><th>optimizer", html);
        Assert.Contains("class=\"num best\">0.9300", html);
        var images = System.Text.RegularExpressions.Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(3, images.Count); // loss, val_accuracy, val_loss
        foreach (System.Text.RegularExpressions.Match match in images)
        {
            using var chart = SKBitmap.Decode(Convert.FromBase64String(match.Groups[1].Value));
            Assert.Equal((MetricCharts.Width, MetricCharts.Height), (chart.Width, chart.Height));
        }

        Assert.Contains("<figcaption>val_loss</figcaption>", html);
    }

    [Fact]
    public async Task Compare_refuses_an_unknown_metric_a_plot_format_it_cannot_write_and_a_single_run()
    {
        var (adam, sgd) = await RecordTwoRunsAsync();

        var (code, output) = CliRun.Invoke("runs", "compare", adam, sgd, "--metric", "f1");
        Assert.Equal(2, code);
        Assert.Contains("None of the runs has the metric 'f1'", output);
        Assert.Contains("val_accuracy", output);

        var svg = _home.File("compare.svg");
        (code, output) = CliRun.Invoke("runs", "compare", adam, sgd, "--plot", svg);
        Assert.Equal(2, code);
        Assert.Contains(".svg", output);
        Assert.False(File.Exists(svg));

        (code, output) = CliRun.Invoke("runs", "compare", adam);
        Assert.NotEqual(0, code);

        (code, output) = CliRun.Invoke("runs", "compare", adam, "0000000000000000");
        Assert.Equal(2, code);
        Assert.Contains("no run whose id starts with '0000000000000000'", output);
    }

    [Fact]
    public async Task Diverged_runs_compare_and_plot_and_nan_or_infinity_is_never_the_best()
    {
        string good, diverged;
        await using (var client = await TrackingHome.OpenAsync())
        {
            good = await TrackingHome.RecordRunAsync(client, "fashion", "good", new Dictionary<string, object?> { ["lr"] = 0.001 },
                new Dictionary<string, double[]> { ["loss"] = [0.9, 0.5], ["val_loss"] = [1.0, 0.6] });
            diverged = await TrackingHome.RecordRunAsync(client, "fashion", "diverged", new Dictionary<string, object?> { ["lr"] = 10 },
                new Dictionary<string, double[]> { ["loss"] = [double.NaN, double.NaN], ["val_loss"] = [double.PositiveInfinity, double.NegativeInfinity] });
        }

        var path = _home.File("diverged.png");
        var (code, output) = CliRun.Invoke("runs", "compare", good, diverged, "--plot", path);

        Assert.True(code == 0, output);
        Assert.Contains("NaN", LineWith(output, " loss "));
        Assert.Contains($"0.5000 {CompareCommand.BestMark}", LineWith(output, " loss "));
        Assert.Contains("-inf", LineWith(output, "val_loss"));
        Assert.Contains($"0.6000 {CompareCommand.BestMark}", LineWith(output, "val_loss"));
        Assert.DoesNotContain($"-inf {CompareCommand.BestMark}", LineWith(output, "val_loss"));
        using var image = SKBitmap.Decode(await File.ReadAllBytesAsync(path));
        Assert.Equal(MetricCharts.GridSize(2), (image.Width, image.Height));
    }

    private static int Colors(SKBitmap image)
    {
        var seen = new HashSet<SKColor>();
        for (var y = 0; y < image.Height; y += 7)
        {
            for (var x = 0; x < image.Width; x += 7) seen.Add(image.GetPixel(x, y));
        }

        return seen.Count;
    }
}
