namespace Lepton.Cli.Tests;

/// <summary>Output sent to a file or a pipe has no window width; tables must not be cut to 80 columns there.</summary>
public sealed class RedirectedOutputTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_profile_written_to_a_file_keeps_every_header_whole()
    {
        var rows = Enumerable.Range(0, 40).Select(i => $"{i * 1234.5678},{i % 3},customer_segment_{i % 4},{(i % 2 == 0 ? "yes" : "no")}");
        var file = folder.Write("wide.csv", "annual_revenue_in_euros,number_of_support_tickets,customer_segment,renewed_subscription\n" + string.Join("\n", rows) + "\n");
        using var output = new StringWriter();

        var code = Program.Run(["data", "profile", file], CliConsole.Create(output, redirected: true));

        Assert.Equal(0, code);
        var header = output.ToString().Split('\n').First(l => l.Contains("column") && l.Contains("kind"));
        foreach (var name in new[] { "missing", "distinct", "min", "mean", "median", "max", "std", "top" }) Assert.Contains(name, header);
        Assert.Contains("annual_revenue_in_euros", output.ToString());
        Assert.True(header.TrimEnd().Length > 80, $"the header was cut to {header.TrimEnd().Length} columns");
    }

    [Theory]
    [InlineData(null, CliConsole.RedirectedWidth)]
    [InlineData("200", 200)]
    [InlineData("12", CliConsole.RedirectedWidth)]
    [InlineData("wide", CliConsole.RedirectedWidth)]
    public void Redirected_width_is_columns_when_sensible_else_wide(string? columns, int width) => Assert.Equal(width, CliConsole.WidthFrom(columns));
}
