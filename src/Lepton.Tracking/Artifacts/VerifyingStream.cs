using System.Security.Cryptography;

namespace Lepton.Tracking.Artifacts;

/// <summary>
/// Reads an artifact and checks its SHA-256 when the end is reached, throwing instead of letting damaged bytes
/// pass as the artifact.
/// </summary>
internal sealed class VerifyingStream(Stream inner, string expectedHash, string where) : Stream
{
    private readonly IncrementalHash _hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read], buffer.Length);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read], buffer.Length);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Hashes what was read; a read that asked for bytes and got none is the end, where the hash is checked.</summary>
    private void Observe(ReadOnlySpan<byte> data, int requested)
    {
        if (data.Length > 0)
        {
            _hasher.AppendData(data);
            return;
        }

        if (_verified || requested == 0) return;
        _verified = true;
        var actual = Convert.ToHexStringLower(_hasher.GetHashAndReset());
        if (!string.Equals(actual, expectedHash, StringComparison.Ordinal))
        {
            throw new TrackingException(TrackingErrorKind.Corrupt,
                $"The artifact {expectedHash} at {where} is damaged: its content hashes to {actual}. Restore it from a backup or log it again.");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hasher.Dispose();
        }

        base.Dispose(disposing);
    }
}
