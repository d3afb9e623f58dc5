using System.Net;
using System.Security.Cryptography;
using Lepton.Tracking.Remote;

namespace Lepton.Tracking.Server.Tests;

/// <summary>Artifacts through the server: streamed both ways, verified, never half-stored.</summary>
public sealed class ArtifactTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpMetadataStore _store = null!;
    private HttpArtifactStore _artifacts = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(o => o.MaxArtifactSize = 32L << 20);
        _store = _server.OpenStore();
        _artifacts = new HttpArtifactStore(_store);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Content_goes_up_and_comes_back_the_same_under_its_hash()
    {
        var bytes = RandomBytes(3 << 20, seed: 1);
        var blob = await _artifacts.PutAsync(new MemoryStream(bytes));
        var again = await _artifacts.PutAsync(new MemoryStream(bytes));

        using var read = new MemoryStream();
        await using (var stream = await _artifacts.OpenReadAsync(blob.Hash)) await stream.CopyToAsync(read);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), blob.Hash);
        Assert.Equal(bytes.Length, blob.Size);
        Assert.Equal(blob, again);
        Assert.Equal(bytes, read.ToArray());
        Assert.True(await _artifacts.ExistsAsync(blob.Hash));
        Assert.False(await _artifacts.ExistsAsync(new string('0', 64)));
        var missing = await Assert.ThrowsAsync<TrackingException>(() => _artifacts.OpenReadAsync(new string('0', 64)));
        Assert.Equal(TrackingErrorKind.NotFound, missing.Kind);
        Assert.Equal(TrackingErrorKind.Invalid, (await Assert.ThrowsAsync<TrackingException>(() => _artifacts.OpenReadAsync("../../etc/passwd"))).Kind);
    }

    [Fact]
    public async Task An_upload_cut_off_mid_way_leaves_no_file_and_the_store_keeps_working()
    {
        using var cancel = new CancellationTokenSource();
        var body = new EndlessStream(cutAfter: 4 << 20, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _artifacts.PutAsync(body, cancel.Token));

        // The server notices the cut on its own time: wait for its temporary file to go.
        var temp = Path.Combine(_server.ArtifactRoot, "tmp");
        for (var i = 0; i < 100 && Directory.EnumerateFiles(temp).Any(); i++) await Task.Delay(50);
        Assert.Empty(Directory.EnumerateFiles(temp));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.ArtifactRoot, "sha256"), "*", SearchOption.AllDirectories));
        Assert.True(body.Sent >= 4 << 20, $"only {body.Sent} bytes were sent before the cut");

        var small = RandomBytes(1000, seed: 2);
        var blob = await _artifacts.PutAsync(new MemoryStream(small));
        Assert.True(await _artifacts.ExistsAsync(blob.Hash));
    }

    [Fact]
    public async Task An_artifact_over_the_limit_gets_413_before_it_is_sent()
    {
        var error = await Assert.ThrowsAsync<TrackingException>(() => _artifacts.PutAsync(new MemoryStream(new byte[33 << 20])));

        Assert.Equal(TrackingErrorKind.Invalid, error.Kind);
        Assert.Contains("33,554,432 bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.ArtifactRoot, "sha256"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_damaged_artifact_is_never_passed_off_as_the_real_one()
    {
        var bytes = RandomBytes(256 << 10, seed: 3);
        var blob = await _artifacts.PutAsync(new MemoryStream(bytes));
        var file = Path.Combine(_server.ArtifactRoot, "sha256", blob.Hash[..2], blob.Hash[2..]);
        bytes[1000] ^= 0xff;
        await File.WriteAllBytesAsync(file, bytes);
        await using var client = new TrackingClient(_server.OpenStore(), _artifacts);
        var destination = Path.Combine(_server.Folder, "download", "model.lepton");

        var error = await Assert.ThrowsAsync<TrackingException>(() => client.DownloadAsync(blob.Hash, destination));

        Assert.Contains(blob.Hash, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(destination)!));
    }

    [Fact]
    public async Task A_raw_upload_answers_201_with_the_hash()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/artifacts") { Content = new ByteArrayContent("hello"u8.ToArray()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        var response = await ApiResponse.SendAsync(_server.Http, request);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("hello"u8)), response.Json.GetProperty("hash").GetString());
        Assert.Equal(5, response.Json.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Records_of_content_never_uploaded_get_409_and_are_not_written()
    {
        var run = await _store.CreateRunAsync(new RunStart("refs", null, null, null, null));
        var uploaded = await _artifacts.PutAsync(new MemoryStream(RandomBytes(1000, seed: 4)));
        var never = Convert.ToHexStringLower(SHA256.HashData("never uploaded"u8));
        var at = DateTimeOffset.UtcNow;

        var dangling = await Assert.ThrowsAsync<TrackingException>(() => _store.RecordArtifactAsync(run.RunId, new ArtifactEntry("model.lepton", never, 14, at)));
        var wrongSize = await Assert.ThrowsAsync<TrackingException>(() => _store.RecordArtifactAsync(run.RunId, new ArtifactEntry("model.lepton", uploaded.Hash, 999, at)));
        var version = await Assert.ThrowsAsync<TrackingException>(() => _store.CreateModelVersionAsync(new NewModelVersion("refs", never, "/tmp/m.lepton", run.RunId)));
        await _store.RecordArtifactAsync(run.RunId, new ArtifactEntry("model.lepton", uploaded.Hash, 1000, at));

        Assert.All(new[] { dangling, wrongSize, version }, e => Assert.Equal(TrackingErrorKind.Conflict, e.Kind));
        Assert.Contains($"The artifact 'model.lepton' of run {run.RunId} refers to content sha256:{never}, which was never uploaded", dangling.Message, StringComparison.Ordinal);
        Assert.Contains("says it is 999 bytes", wrongSize.Message, StringComparison.Ordinal);
        Assert.Contains("model 'refs'", version.Message, StringComparison.Ordinal);
        Assert.Equal([new ArtifactEntry("model.lepton", uploaded.Hash, 1000, at)], (await _store.GetRunAsync(run.RunId)).Artifacts.Select(a => a with { CreatedAt = at }));
        Assert.Empty(await _store.ListRegisteredModelsAsync());
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A body that never ends: after <paramref name="cutAfter"/> bytes it cancels the upload, as a killed client would.</summary>
    private sealed class EndlessStream(long cutAfter, CancellationTokenSource cancel) : Stream
    {
        public long Sent { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Sent;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (Sent >= cutAfter) cancel.Cancel();
            buffer.Fill(0x5a);
            Sent += buffer.Length;
            return buffer.Length;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Sent >= cutAfter)
            {
                await cancel.CancelAsync();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            buffer.Span.Fill(0x5a);
            Sent += buffer.Length;
            return buffer.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
