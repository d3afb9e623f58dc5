using System.Security.Cryptography;
using Lepton.Tracking.Artifacts;

namespace Lepton.Tracking.Tests.Artifacts;

public sealed class LocalArtifactStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Bytes(int size, int seed = 1)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Content_is_stored_under_its_sha256_once()
    {
        var store = new LocalArtifactStore(_folder.Path);
        var data = Bytes(300_000);

        var first = await store.PutAsync(new MemoryStream(data));
        var second = await store.PutAsync(new MemoryStream(data));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), first.Hash);
        Assert.Equal(first, second);
        Assert.Equal(300_000, first.Size);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_folder.Path, "sha256"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.Path, "tmp")));
        Assert.True(await store.ExistsAsync(first.Hash));
        await using var read = await store.OpenReadAsync(first.Hash);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Damaged_content_is_refused_when_read()
    {
        var store = new LocalArtifactStore(_folder.Path);
        var blob = await store.PutAsync(new MemoryStream(Bytes(10_000)));
        var path = store.PathOf(blob.Hash);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[5000] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        await using var read = await store.OpenReadAsync(blob.Hash);
        var error = await Assert.ThrowsAsync<TrackingException>(() => read.CopyToAsync(Stream.Null));

        Assert.Equal(TrackingErrorKind.Corrupt, error.Kind);
        Assert.Contains(blob.Hash, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_that_fails_midway_leaves_nothing_behind()
    {
        var store = new LocalArtifactStore(_folder.Path);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(Bytes(200_000), failAfter: 100_000)));

        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_nothing_behind()
    {
        var store = new LocalArtifactStore(_folder.Path);
        using var cancel = new CancellationTokenSource();
        var stream = new FailingStream(Bytes(200_000), failAfter: int.MaxValue) { OnRead = total => { if (total > 100_000) cancel.Cancel(); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync(stream, cancel.Token));

        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Unknown_and_malformed_hashes_are_reported()
    {
        var store = new LocalArtifactStore(_folder.Path);

        var missing = await Assert.ThrowsAsync<TrackingException>(() => store.OpenReadAsync(new string('a', 64)));
        var malformed = await Assert.ThrowsAsync<TrackingException>(() => store.OpenReadAsync("../../etc/passwd"));

        Assert.Equal(TrackingErrorKind.NotFound, missing.Kind);
        Assert.Equal(TrackingErrorKind.Invalid, malformed.Kind);
    }

    [Fact]
    public void Uploads_abandoned_long_ago_are_cleared_and_recent_ones_kept()
    {
        var tmp = Path.Combine(_folder.Path, "tmp");
        Directory.CreateDirectory(tmp);
        var old = Path.Combine(tmp, "old.part");
        var recent = Path.Combine(tmp, "recent.part");
        File.WriteAllText(old, "half");
        File.WriteAllText(recent, "half");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));

        _ = new LocalArtifactStore(_folder.Path);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent)); // may belong to an upload still running in another process
    }

    private sealed class FailingStream(byte[] data, int failAfter) : Stream
    {
        private int _position;

        public Action<int>? OnRead { get; init; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter) throw new IOException("the connection dropped");
            var n = Math.Min(Math.Min(count, 8192), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            OnRead?.Invoke(_position);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
