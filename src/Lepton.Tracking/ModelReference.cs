using System.Globalization;

namespace Lepton.Tracking;

/// <summary>A registered model named by alias (<c>fashion@production</c>), by version (<c>fashion/3</c>) or latest (<c>fashion</c>).</summary>
public sealed record ModelReference(string Name, string? Alias, int? Version)
{
    /// <summary>Reads <c>name@alias</c>, <c>name/version</c> or <c>name</c> (the latest version).</summary>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            var alias = text[(at + 1)..];
            Names.CheckName(text[..at], "model", isModel: true);
            Names.CheckAlias(alias);
            return new ModelReference(text[..at], alias, null);
        }

        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            var name = text[..slash];
            Names.CheckName(name, "model", isModel: true);
            if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                throw TrackingException.Invalid($"'{text}' names no version: write name/VERSION with a version number from 1 (e.g. {name}/2).");
            return new ModelReference(name, null, version);
        }

        Names.CheckName(text, "model", isModel: true);
        return new ModelReference(text, null, null);
    }

    /// <summary>Whether <paramref name="text"/> looks like a registry reference rather than a file path.</summary>
    public static bool LooksLikeReference(string text) =>
        !string.IsNullOrEmpty(text) && !text.EndsWith(".lepton", StringComparison.OrdinalIgnoreCase) && !File.Exists(text);

    /// <inheritdoc />
    public override string ToString() => Alias is not null ? $"{Name}@{Alias}" : Version is { } v ? $"{Name}/{v}" : Name;
}
