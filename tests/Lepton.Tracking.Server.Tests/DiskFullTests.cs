using System.Net;
using System.Text.Json;
using Lepton.Tracking.Artifacts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lepton.Tracking.Server.Tests;

public sealed class DiskFullTests
{
    [Fact]
    public async Task An_upload_that_finds_the_disk_full_is_a_507_that_says_so_not_a_500()
    {
        var folder = Directory.CreateTempSubdirectory("lepton-disk-full-").FullName;
        try
        {
            await UploadAsync(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task UploadAsync(string folder)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IArtifactStore>(new FullDiskStore(Path.Combine(folder, "artifacts")));
        builder.Services.AddLeptonTracking(o => o.StoreUri = Path.Combine(folder, "lepton.db"));
        await using var app = builder.Build();
        app.MapLeptonTracking();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = TrackingServer.AddressOf(app) };

        using var response = await http.PostAsync("/api/artifacts", new ByteArrayContent(new byte[200_000]) { Headers = { ContentType = new("application/octet-stream") } });

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("insufficient_storage", error.GetProperty("kind").GetString());
        Assert.Contains("disk is full: nothing was stored", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A local store whose uploads are written to Linux's /dev/full, so the operating system itself answers ENOSPC.</summary>
    private sealed class FullDiskStore(string root) : IArtifactStore
    {
        private readonly LocalArtifactStore store = new(root);

        public string Description => store.Description;

        public async Task<ArtifactBlob> PutAsync(Stream content, CancellationToken cancellationToken = default)
        {
            await using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 12, FileOptions.Asynchronous);
            await content.CopyToAsync(full, cancellationToken);
            await full.FlushAsync(cancellationToken);
            throw new InvalidOperationException("/dev/full took the bytes.");
        }

        public Task<Stream> OpenReadAsync(string hash, CancellationToken cancellationToken = default) => store.OpenReadAsync(hash, cancellationToken);

        public Task<bool> ExistsAsync(string hash, CancellationToken cancellationToken = default) => store.ExistsAsync(hash, cancellationToken);
    }
}
