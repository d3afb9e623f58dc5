namespace Lepton.Nn.Serialization;

/// <summary>
/// The sizes a model file may declare and hold, checked before anything is read, so a crafted file (a zip bomb,
/// a header that lies) is refused instead of exhausting the process. docs/model-file.md explains the choices.
/// </summary>
internal static class ModelFileLimits
{
    /// <summary>model.json: 16 MiB, a thousand times a large model's description (its size is class names and preprocessing).</summary>
    public const long MaxManifestBytes = 16L << 20;

    /// <summary>Any other entry, weights.bin included: the largest byte array .NET makes (just under 2 GiB, ~536M float32 weights).</summary>
    public static readonly long MaxEntryBytes = Array.MaxLength;

    /// <summary>How much larger than its compressed bytes an entry may be; Lepton stores weights uncompressed.</summary>
    public const long MaxCompressionRatio = 100;

    /// <summary>Entries up to this size are exempt from the ratio (a small model.json of repeated names compresses well).</summary>
    public const long RatioExemptBytes = 1L << 20;

    /// <summary>"16 MiB", "1.9 GiB", "512 bytes".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
