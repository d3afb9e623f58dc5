using System.Text.RegularExpressions;

namespace Lepton.Tracking;

/// <summary>The rules names and values must follow, checked before anything is written.</summary>
internal static partial class Names
{
    public const int MaxKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxNameLength = 256;

    public static void CheckKey(string? key, string what)
    {
        if (string.IsNullOrEmpty(key)) throw TrackingException.Invalid($"A {what} name is empty.");
        if (key.Length > MaxKeyLength) throw TrackingException.Invalid($"The {what} name '{key[..40]}…' is {key.Length} characters; the limit is {MaxKeyLength}.");
        if (!KeyPattern().IsMatch(key))
            throw TrackingException.Invalid($"The {what} name '{key}' has a character other than letters, digits, '_', '-', '.', ' ', ':' or '/'.");
    }

    public static void CheckValue(string? value, string key, int limit, string what)
    {
        if (value is null) throw TrackingException.Invalid($"The {what} '{key}' has no value.");
        if (value.Length > limit) throw TrackingException.Invalid($"The {what} '{key}' is {value.Length} characters long; the limit is {limit}.");
    }

    /// <summary>Experiment and model names: printable, no '@' or '/' in model names (they separate alias and version).</summary>
    public static void CheckName(string? name, string what, bool isModel = false)
    {
        if (string.IsNullOrWhiteSpace(name)) throw TrackingException.Invalid($"The {what} name is empty.");
        if (name.Length > MaxNameLength) throw TrackingException.Invalid($"The {what} name is {name.Length} characters; the limit is {MaxNameLength}.");
        if (name.Any(char.IsControl)) throw TrackingException.Invalid($"The {what} name '{name.ReplaceLineEndings(" ")}' holds a control character.");
        if (name != name.Trim()) throw TrackingException.Invalid($"The {what} name '{name}' starts or ends with a space.");
        if (isModel && (name.Contains('@', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal)))
            throw TrackingException.Invalid($"The model name '{name}' holds '@' or '/', which model references use to name an alias or a version (name@alias, name/3).");
        if (isModel && name.All(c => c == '.'))
            throw TrackingException.Invalid($"The model name '{name}' is only dots, which URLs (the tracking server's /api/models/NAME) read as a path step; add a letter or digit.");
    }

    public static void CheckAlias(string? alias)
    {
        if (string.IsNullOrEmpty(alias) || !AliasPattern().IsMatch(alias))
            throw TrackingException.Invalid($"The alias '{alias}' is not valid: start with a letter, then up to 63 letters, digits, '_' or '-' (e.g. production, staging, champion).");
    }

    public static void CheckRunId(string? runId)
    {
        if (string.IsNullOrEmpty(runId) || !RunIdPattern().IsMatch(runId))
            throw TrackingException.Invalid($"'{runId}' is not a run id: run ids are 32 hexadecimal digits.");
    }

    public static void CheckDescription(string? description)
    {
        if (description is { Length: > 5000 }) throw TrackingException.Invalid($"The description is {description.Length} characters; the limit is 5000.");
    }

    public static void CheckHash(string? hash)
    {
        if (string.IsNullOrEmpty(hash) || !HashPattern().IsMatch(hash))
            throw TrackingException.Invalid($"'{hash}' is not an artifact hash: hashes are 64 lowercase hexadecimal digits (SHA-256).");
    }

    /// <summary>An artifact path inside a run: relative, forward slashes, no '..'.</summary>
    public static void CheckArtifactPath(string? path)
    {
        if (string.IsNullOrEmpty(path)) throw TrackingException.Invalid("An artifact path is empty.");
        if (path.Length > 1000) throw TrackingException.Invalid($"The artifact path is {path.Length} characters; the limit is 1000.");
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(p => p is "" or "." or ".."))
            throw TrackingException.Invalid($"The artifact path '{path}' must be relative, use '/' between parts and have no empty, '.' or '..' parts.");
        if (path.Any(char.IsControl)) throw TrackingException.Invalid($"The artifact path '{path.ReplaceLineEndings(" ")}' holds a control character.");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-. /:]+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex AliasPattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
