using Lepton.Cli.Commands;

namespace Lepton.Cli.Tests;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("1234", 1234L)]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("1.5 gb", 1_500_000_000L)]
    [InlineData(" 64KiB ", 65536L)]
    public void Sizes_read_as_DuckDB_reads_them(string text, long bytes)
    {
        Assert.Equal(bytes, ByteSize.Parse(text, "--size", out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5MB")]
    [InlineData("5 parsecs")]
    [InlineData("0.1")]
    [InlineData("99999999TB")]
    public void Anything_else_is_refused_naming_the_option(string text)
    {
        Assert.Null(ByteSize.Parse(text, "--size", out var error));
        Assert.StartsWith("--size ", error, StringComparison.Ordinal);
    }
}
