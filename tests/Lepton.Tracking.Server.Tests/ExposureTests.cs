namespace Lepton.Tracking.Server.Tests;

/// <summary>The tracking API has no authentication: a server beyond loopback must be asked for explicitly.</summary>
public sealed class ExposureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lepton-exposure-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private TrackingServerOptions Options(string host, bool insecure = false) => new()
    {
        Host = host, Port = 0, AllowUnauthenticatedRemote = insecure,
        StoreUri = "sqlite:///" + Path.Combine(_folder, "lepton.db"), ArtifactRoot = Path.Combine(_folder, "artifacts"),
    };

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("10.1.2.3")]
    public async Task A_server_beyond_loopback_is_refused_unless_insecure_is_asked_for(string host)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TrackingServer.CreateAsync(Options(host)));
        Assert.Contains($"listen on {host}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);

        // Asked for: built (not started, so nothing listens beyond loopback here).
        await using var app = await TrackingServer.CreateAsync(Options(host, insecure: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public async Task A_loopback_server_needs_nothing_more(string host)
    {
        await using var app = await TrackingServer.CreateAsync(Options(host));
    }
}
