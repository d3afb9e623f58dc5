using Lepton.Tracking;
using Lepton.Tracking.Server;
using Microsoft.Extensions.Logging;

namespace Lepton.Cli.Tests.Tracking;

/// <summary><c>lepton tracking server</c>, and the <c>runs</c> and <c>models</c> commands pointed at a server.</summary>
public sealed class TrackingServerCommandTests : IDisposable
{
    private readonly TrackingHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void The_server_command_has_help()
    {
        var (code, output) = CliRun.Invoke("tracking", "server", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--port", output);
        Assert.Contains("LEPTON_TRACKING_URI", output);
    }

    [Fact]
    public void A_bad_port_is_a_one_line_error()
    {
        var (code, output) = CliRun.Invoke("tracking", "server", "--port", "70000");

        Assert.Equal(2, code);
        Assert.Contains("70000 is not a TCP port", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("lots", "'lots' is not a size")]
    [InlineData("0", "out of range")]
    public void A_bad_artifact_size_limit_is_a_one_line_error(string limit, string expected)
    {
        var (code, output) = CliRun.Invoke("tracking", "server", "--max-artifact-size", limit);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Runs_and_models_commands_work_against_a_server_uri()
    {
        var options = new TrackingServerOptions { Port = 0, StoreUri = _home.File("server.db"), ArtifactRoot = _home.File("server-artifacts"), LogLevel = LogLevel.Critical };
        await using var app = await TrackingServer.CreateAsync(options);
        await app.StartAsync();
        Environment.SetEnvironmentVariable(TrackingSettings.UriVariable, TrackingServer.AddressOf(app).AbsoluteUri);
        string runId;
        await using (var client = await TrackingHome.OpenAsync())
        {
            runId = await TrackingHome.RecordRunAsync(client, "remote", "remote-run", new Dictionary<string, object?> { ["lr"] = 0.01 },
                new Dictionary<string, double[]> { ["val_accuracy"] = [0.8, 0.9] });
        }

        var register = CliRun.Invoke("models", "register", "remote-model", "--file", _home.SaveTinyModel());
        var runs = CliRun.Invoke("runs", "list");
        var models = CliRun.Invoke("models", "list");
        await app.StopAsync();

        Assert.True(register.ExitCode == 0, register.Output);
        Assert.True(runs.ExitCode == 0, runs.Output);
        Assert.Contains(runId[..8], runs.Output);
        Assert.Contains("remote-run", runs.Output);
        Assert.Contains("remote-model", models.Output);
        Assert.False(File.Exists(_home.File("lepton.db")), "the CLI should not have opened a local store");
    }
}
