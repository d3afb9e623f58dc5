using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Bench;

/// <summary>Reads and writes the benchmark files; writes go to a temporary file that is then renamed over the target.</summary>
internal static class ResultFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>When a result was recorded, as every result file says it (UTC, to the second).</summary>
    public static string RecordedAt() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The command that made a result, as a result file says it, with any argument that holds a password masked.</summary>
    public static string Command(string[] args) =>
        "lepton-bench " + string.Join(' ', args.Select(a => a.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "***" : a));

    public static void WriteJson(string path, JsonNode document) => WriteText(path, document.ToJsonString(Indented) + "\n");

    /// <summary>Writes <paramref name="text"/> atomically: a reader sees the old file or the new one, never half of one.</summary>
    public static void WriteText(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Every JSON object in <paramref name="folder"/> that names its benchmark, by file name.</summary>
    public static IReadOnlyList<(string File, JsonObject Document)> ReadAll(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The results folder {folder} does not exist: run bench/run.sh (or the throughput and accuracy commands with --json) first.");
        var documents = new List<(string, JsonObject)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{file} is not valid JSON ({ex.Message}); delete it or run its benchmark again.", ex);
            }
            if (node is JsonObject document && document["benchmark"] is not null) documents.Add((file, document));
        }
        return documents;
    }
}
