using System.Text.RegularExpressions;
using Lepton.Data.Tables;

namespace Lepton.Data.Reports.Tests;

[Collection(SampleReportCollection.Name)]
public sealed partial class DataReportTests(SampleReport report)
{
    [Fact]
    public void The_page_has_every_section_and_a_card_per_column()
    {
        var html = File.ReadAllText(report.HtmlPath);

        foreach (var id in new[] { "overview", "findings", "columns", "missing", "correlations", "spread", "scatter" })
            Assert.Contains($"<section id=\"{id}\">", html);
        Assert.Equal(report.Profile.Columns.Count, Regex.Matches(html, "<article class=\"card column-card\"").Count);
        Assert.Equal(report.Findings.Count, Regex.Matches(html, "<div class=\"finding ").Count);
        Assert.Contains("602 rows read", html); // 600 generated and 2 copies
    }

    [Fact]
    public void Every_chart_is_inside_the_page_and_also_written_as_a_png_file()
    {
        var html = File.ReadAllText(report.HtmlPath);

        Assert.Equal(report.Charts.Count, Regex.Matches(html, "src=\"data:image/png;base64,").Count);
        Assert.Contains("heatmap-pearson.png", report.Charts);
        Assert.Contains("missing-values.png", report.Charts);
        Assert.Contains(report.Charts, c => c.StartsWith("scatter-1-", StringComparison.Ordinal));
        Assert.Contains(report.Charts, c => c.StartsWith("box-", StringComparison.Ordinal));
        // Histograms for numbers and dates, bars for categories; none for the identifier and the free text.
        Assert.Contains(report.Charts, c => c.Contains("-age.png", StringComparison.Ordinal));
        Assert.Contains(report.Charts, c => c.Contains("-signup.png", StringComparison.Ordinal));
        Assert.Contains(report.Charts, c => c.Contains("-city.png", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Charts, c => c.Contains("customer-id", StringComparison.Ordinal));
        foreach (var chart in report.Charts)
        {
            var bytes = File.ReadAllBytes(Path.Combine(report.ChartsFolder, chart));
            Assert.True(bytes.Length > 1000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', $"{chart} is not a PNG");
        }
    }

    [Fact]
    public void The_page_refers_to_nothing_outside_itself()
    {
        var html = File.ReadAllText(report.HtmlPath);

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Writing_leaves_no_temporary_files()
    {
        Assert.Empty(Directory.GetFiles(report.Folder, "*.tmp"));
        Assert.Empty(Directory.GetFiles(report.ChartsFolder, "*.tmp"));
    }

    [Fact]
    public async Task A_table_without_numbers_still_gets_a_report()
    {
        var folder = Directory.CreateTempSubdirectory("lepton-report-text-").FullName;
        try
        {
            var csv = Path.Combine(folder, "words.csv");
            File.WriteAllText(csv, "word,colour\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"w{i % 7},{(i % 2 == 0 ? "red" : "blue")}")) + "\n");
            using var table = await Table.ReadAsync(csv);
            var profile = await table.ProfileAsync();

            var charts = await DataReport.WriteAsync(table, profile, QualityChecks.Check(profile), Path.Combine(folder, "r.html"));

            var html = File.ReadAllText(Path.Combine(folder, "r.html"));
            Assert.Contains("No numeric columns to draw.", html);
            Assert.Contains("column-01-word.png", charts);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_folder_is_named_in_the_error()
    {
        var csv = Path.Combine(report.Folder, "tiny.csv");
        File.WriteAllText(csv, "a,b\n1,2\n3,4\n");
        using var table = await Table.ReadAsync(csv);
        var profile = await table.ProfileAsync();

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DataReport.WriteAsync(table, profile, [], "/nonexistent/folder/r.html"));
        Assert.Contains("/nonexistent/folder", error.Message);
    }

    [GeneratedRegex("(src|href)=\"(https?:|//)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
