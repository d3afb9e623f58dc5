using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lepton.Serving.Security;
using Lepton.Tracking;

namespace Lepton.Serving;

/// <summary>
/// The API keys a server accepts, in one JSON file: each key's id, name, scopes and a SHA-256 of the secret with
/// a salt of its own. The secret is shown once, when the key is created. Every change goes to the audit log.
/// </summary>
public sealed partial class ApiKeyStore
{
    /// <summary>The scope that allows the admin API.</summary>
    public const string AdminScope = "admin";

    private const string Prefix = "lpk_";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private readonly AuditLog? _audit;

    /// <summary>Opens (without creating) the key file at <paramref name="path"/>; changes are audited to <paramref name="auditLogPath"/> when given.</summary>
    public ApiKeyStore(string path, string? auditLogPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _audit = auditLogPath is null ? null : new AuditLog(auditLogPath);
    }

    /// <summary><c>LEPTON_HOME/serving/keys.json</c>.</summary>
    public static string DefaultPath => LeptonHome.Combine("serving", "keys.json");

    /// <summary>The key file.</summary>
    public string Path { get; }

    /// <summary>Creates a key for <paramref name="name"/> with <paramref name="scopes"/> and returns it; only its hash is kept.</summary>
    public (string Key, ApiKeyInfo Info) Create(string name, IReadOnlyCollection<string> scopes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scopes);
        if (scopes.Count == 0) throw new ArgumentException("Give the key at least one scope: admin, model:* or model:NAME.", nameof(scopes));
        foreach (var scope in scopes)
        {
            if (!ScopePattern().IsMatch(scope))
                throw new ArgumentException($"'{scope}' is not a scope; use admin, model:* or model:NAME.", nameof(scopes));
        }

        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        var record = new ApiKeyRecord(id, name, scopes.Distinct(StringComparer.Ordinal).ToArray(), Convert.ToBase64String(salt), Convert.ToBase64String(Hash(salt, secret)), DateTimeOffset.UtcNow, null);
        using (Lock())
        {
            var file = Read();
            file.Keys.Add(record);
            Write(file);
        }
        _audit?.Append("key.create", null, null, null, new Dictionary<string, object?> { ["key"] = id, ["name"] = name, ["scopes"] = record.Scopes });
        return ($"{Prefix}{id}_{secret}", Info(record));
    }

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiKeyInfo> List() => Read().Keys.Select(Info).ToList();

    /// <summary>Revokes the key with <paramref name="id"/> (or the full key); false when there is no such active key.</summary>
    public bool Revoke(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (TrySplit(id, out var fromKey, out _)) id = fromKey;
        using (Lock())
        {
            var file = Read();
            var index = file.Keys.FindIndex(k => k.Id == id && k.RevokedAt is null);
            if (index < 0) return false;
            file.Keys[index] = file.Keys[index] with { RevokedAt = DateTimeOffset.UtcNow };
            Write(file);
        }
        _audit?.Append("key.revoke", null, null, null, new Dictionary<string, object?> { ["key"] = id });
        return true;
    }

    /// <summary>The key's record when <paramref name="key"/> is a valid, unrevoked key (compared in constant time).</summary>
    internal static ApiKeyInfo? Verify(IReadOnlyList<ApiKeyRecord> keys, string key)
    {
        if (!TrySplit(key, out var id, out var secret)) return null;
        var record = keys.FirstOrDefault(k => k.Id == id);
        if (record is null || record.RevokedAt is not null) return null;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(record.Salt);
            expected = Convert.FromBase64String(record.Hash);
        }
        catch (FormatException)
        {
            return null;
        }
        return CryptographicOperations.FixedTimeEquals(Hash(salt, secret), expected) ? Info(record) : null;
    }

    internal IReadOnlyList<ApiKeyRecord> ReadRecords() => Read().Keys;

    private ApiKeyFile Read()
    {
        if (!File.Exists(Path)) return new ApiKeyFile(1, []);
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize<ApiKeyFile>(stream, Json) ?? new ApiKeyFile(1, []);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The API key file '{Path}' is not valid JSON ({ex.Message}); restore it or delete it and create keys again.", ex);
        }
    }

    private void Write(ApiKeyFile file)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, Path, overwrite: true);
    }

    /// <summary>Holds a lock file beside the key file, so two processes changing keys at once do not lose a change.</summary>
    private FileStream Lock()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var lockPath = Path + ".lock";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Never deleted: removing a lock file while another process waits on it would let two holders in.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (attempt < 100)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static bool TrySplit(string key, out string id, out string secret)
    {
        id = secret = "";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200) return false;
        var rest = key.AsSpan(Prefix.Length);
        var sep = rest.IndexOf('_');
        if (sep <= 0 || sep == rest.Length - 1) return false;
        id = rest[..sep].ToString();
        secret = rest[(sep + 1)..].ToString();
        return true;
    }

    private static byte[] Hash(byte[] salt, string secret)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetByteCount(secret)];
        salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(secret, bytes.AsSpan(salt.Length));
        return SHA256.HashData(bytes);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiKeyInfo Info(ApiKeyRecord r) => new(r.Id, r.Name, r.Scopes, r.CreatedAt, r.RevokedAt);

    [GeneratedRegex("^(admin|model:\\*|model:[A-Za-z0-9][A-Za-z0-9._-]{0,63})$")]
    private static partial Regex ScopePattern();
}
