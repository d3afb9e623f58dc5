using System.Text;
using Lepton.Tracking;
using Lepton.Tracking.Artifacts;

namespace Lepton.Web.Pages;

/// <summary>How the run page shows an artifact: an image inline, the head of a table or text, a report in a sandboxed frame, a model's summary behind a link.</summary>
internal enum PreviewKind
{
    None,
    Image,
    Table,
    Text,
    Html,
    Model,
}

/// <summary>An artifact of a run with what the run page previews of it (the first lines of a CSV or text file, read from the store's head of the file only).</summary>
internal sealed record ArtifactPreview(ArtifactEntry Entry, PreviewKind Kind, IReadOnlyList<IReadOnlyList<string>>? Rows, string? Text, bool Truncated)
{
    /// <summary>At most this many files of a run are previewed inline (the rest are listed): a run with hundreds of checkpoints stays a quick page.</summary>
    public const int MostPreviews = 12;

    private const int HeadBytes = 64 * 1024;
    private const int HeadLines = 20;

    public static PreviewKind KindOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" or ".jpg" or ".jpeg" or ".gif" or ".webp" or ".svg" => PreviewKind.Image,
        ".csv" or ".tsv" => PreviewKind.Table,
        ".txt" or ".log" or ".json" or ".yaml" or ".yml" or ".md" => PreviewKind.Text,
        ".html" or ".htm" => PreviewKind.Html,
        ".lepton" => PreviewKind.Model,
        _ => PreviewKind.None,
    };

    public static async Task<ArtifactPreview> ReadAsync(IArtifactStore artifacts, ArtifactEntry entry, bool preview, CancellationToken cancellationToken)
    {
        var kind = KindOf(entry.Path);
        if (!preview || kind is not (PreviewKind.Table or PreviewKind.Text)) return new ArtifactPreview(entry, kind, null, null, false);
        var (lines, truncated) = await HeadAsync(artifacts, entry, cancellationToken).ConfigureAwait(false);
        if (kind == PreviewKind.Text) return new ArtifactPreview(entry, kind, null, string.Join('\n', lines), truncated);
        var separator = entry.Path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        return new ArtifactPreview(entry, kind, lines.Select(l => CsvLine.Split(l, separator)).ToList(), null, truncated);
    }

    /// <summary>The first lines of a file, reading no more than its first 64 KiB.</summary>
    private static async Task<(IReadOnlyList<string> Lines, bool Truncated)> HeadAsync(IArtifactStore artifacts, ArtifactEntry entry, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(HeadBytes, Math.Max(entry.Size, 0))];
        var read = 0;
        await using (var stream = await artifacts.OpenReadAsync(entry.Hash, cancellationToken).ConfigureAwait(false))
        {
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }
        }

        var text = new UTF8Encoding(false, false).GetString(buffer, 0, read);
        var lines = text.Split('\n');
        var whole = read == entry.Size;
        // A file cut inside its last line shows only whole lines.
        var complete = whole ? lines.Where((l, i) => i < lines.Length - 1 || l.Length > 0) : lines.Take(lines.Length - 1);
        var list = complete.Select(l => l.TrimEnd('\r')).ToList();
        return (list.Take(HeadLines).ToList(), !whole || list.Count > HeadLines);
    }
}
