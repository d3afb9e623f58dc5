using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Lepton.Serving.Apis;

/// <summary>
/// A request body read whole into a buffer rented from <see cref="ArrayPool{T}"/> and returned on dispose, so reading a
/// request allocates nothing per body. The server's body size limit still applies (Kestrel stops the read with 413).
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[] _buffer;

    private PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The body's bytes (valid until dispose).</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public static async Task<PooledBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(maxBytes, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 4096, 256, limit));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // A body longer than it said (or that said nothing): grow; the server's limit stops it at maxBytes.
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0) return new PooledBody(buffer, length);
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
