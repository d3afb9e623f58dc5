using System.Text;
using System.Text.Json;
using Lepton.Tracking;

namespace Lepton.Serving;

/// <summary>
/// The append-only record of admin actions (loads, unloads, traffic and key changes): one JSON object per line,
/// each written with a single append so readers never see half a line.
/// </summary>
internal sealed class AuditLog(string path)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly Lock Gate = new();

    public static string DefaultPath => LeptonHome.Combine("serving", "audit.jsonl");

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Appends one entry: what was done, by which key, from where, and its details.</summary>
    public void Append(string action, string? keyId, string? remote, string? requestId, IReadOnlyDictionary<string, object?> details, string outcome = "ok")
    {
        var entry = new Dictionary<string, object?>
        {
            ["time"] = DateTimeOffset.UtcNow,
            ["action"] = action,
            ["outcome"] = outcome,
            ["key"] = keyId,
            ["remote"] = remote,
            ["request_id"] = requestId,
            ["user"] = Environment.UserName,
        };
        foreach (var (k, v) in details) entry.TryAdd(k, v);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
        lock (Gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            // O_APPEND with one write per line: concurrent writers (the server and the CLI) interleave whole lines.
            var options = new FileStreamOptions
            {
                Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 1,
                Options = FileOptions.WriteThrough,
            };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // it names keys, users and addresses
            using var stream = new FileStream(Path, options);
            stream.Write(line);
        }
    }
}
