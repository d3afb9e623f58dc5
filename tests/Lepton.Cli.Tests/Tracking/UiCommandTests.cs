namespace Lepton.Cli.Tests.Tracking;

/// <summary><c>lepton ui</c>'s options: what it refuses says why in one line, before anything listens.</summary>
public sealed class UiCommandTests : IDisposable
{
    private readonly TrackingHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void The_ui_command_has_help_naming_its_options()
    {
        var (code, output) = CliRun.Invoke("ui", "--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--port", "--tracking", "--serve", "--serve-key", "--insecure" }) Assert.Contains(option, output);
    }

    [Fact]
    public void Listening_beyond_loopback_without_insecure_is_refused_with_the_reason()
    {
        var (code, output) = CliRun.Invoke("ui", "--host", "0.0.0.0", "--port", "0");

        Assert.Equal(2, code);
        Assert.Contains("beyond this machine", output);
        Assert.Contains("--insecure", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void A_serve_address_that_is_not_a_url_is_a_one_line_error()
    {
        var (code, output) = CliRun.Invoke("ui", "--port", "0", "--serve", "localhost-8080");

        Assert.Equal(2, code);
        Assert.Contains("--serve localhost-8080", output);
        Assert.DoesNotContain("   at ", output);
    }
}
