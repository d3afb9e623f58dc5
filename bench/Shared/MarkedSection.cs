namespace Lepton.Bench;

/// <summary>
/// Puts a generated section into a Markdown page between its two marker comments, keeping everything around them (the
/// hand-written text, other benchmarks' sections), or appends it when the page has no such markers yet. Written to a
/// temporary file and renamed, so a failed write never leaves half a page. Linked into each bench project that
/// writes a section of docs/benchmarks.md or of its own page.
/// </summary>
internal static class MarkedSection
{
    /// <summary>Replaces the text from <paramref name="begin"/> to <paramref name="end"/> (markers included) with <paramref name="section"/>, which carries its own markers.</summary>
    public static void Write(string path, string begin, string end, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? text[..from] + section + text[(to + end.Length)..]
            : text.TrimEnd('\n') + "\n\n" + section + "\n";
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
