using System.Text;

namespace Lepton.Data.Tables;

/// <summary>
/// Finds a CSV file's delimiter among <c>,</c> <c>;</c> tab and <c>|</c> from its first records, and the preamble
/// lines to skip, before DuckDB's sniffer is asked the rest with both given. DuckDB's own guess can take a comma
/// inside the fields of a semicolon file for the delimiter, or skip a header and rows when the field counts are
/// ragged, dropping them silently; here the delimiter is the one that splits the records most consistently
/// (quotes respected), and only leading lines with fewer fields than the rest (a line of counts) are skipped.
/// </summary>
internal static class DelimiterSniffer
{
    private const int SampleBytes = 256 * 1024;
    private const int SampleRecords = 200;
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>The delimiter and the lines to skip, or null when no candidate splits the records into two or more fields.</summary>
    public static (char Delimiter, int SkipLines)? Sniff(string path)
    {
        var records = Sample(path);
        if (records.Count == 0) return null;

        (char Delimiter, int Fields, double Consistency, int Skip)? best = null;
        foreach (var candidate in Candidates)
        {
            var counts = records.Select(r => FieldCount(r.Text, candidate)).ToList();
            var (fields, share) = Mode(counts);
            if (fields < 2) continue;
            // Consistency counts a preamble against the candidate: a comma inside the fields of a semicolon file
            // splits every row alike but not the header, which would otherwise be skipped as a preamble.
            if (best is null || share > best.Value.Consistency + 1e-9
                || (Math.Abs(share - best.Value.Consistency) <= 1e-9 && fields > best.Value.Fields))
            {
                best = (candidate, fields, share, Preamble(counts, fields));
            }
        }
        if (best is not { } chosen) return null;
        return (chosen.Delimiter, records.Take(chosen.Skip).Sum(r => r.Lines));
    }

    /// <summary>Leading records with fewer fields than the rest (a line of counts), when the rest agree.</summary>
    private static int Preamble(List<int> counts, int fields)
    {
        var skip = 0;
        while (skip < counts.Count - 1 && skip < 10 && counts[skip] < fields) skip++;
        return skip > 0 && Mode(counts.Skip(skip).ToList()).Share >= 0.9 ? skip : 0;
    }

    private static (int Fields, double Share) Mode(List<int> counts)
    {
        if (counts.Count == 0) return (0, 0);
        var group = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
        return (group.Key, (double)group.Count() / counts.Count);
    }

    private static int FieldCount(string record, char delimiter)
    {
        var fields = 1;
        var quoted = false;
        foreach (var c in record)
        {
            if (c == '"') quoted = !quoted;   // "" inside quotes toggles twice: no change
            else if (c == delimiter && !quoted) fields++;
        }
        return fields;
    }

    /// <summary>The first non-blank records (a quoted field may span lines), each with the physical lines it takes.</summary>
    private static List<(string Text, int Lines)> Sample(string path)
    {
        // One byte more than the sample tells whether the sample is the whole (decompressed) file.
        var bytes = new byte[SampleBytes + 1];
        int read;
        using (var stream = FileCompression.OpenRead(path)) read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var length = Math.Min(read, SampleBytes);
        var text = new UTF8Encoding(false, false).GetString(bytes, 0, length).TrimStart('\uFEFF');
        var records = new List<(string, int)>();
        var current = new StringBuilder();
        int lines = 0, blankLines = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            if (c != '\n' || quoted)
            {
                if (c == '\n') lines++;
                current.Append(c);
                continue;
            }
            lines++;
            var record = current.ToString().TrimEnd('\r');
            current.Clear();
            if (record.Trim().Length == 0)
            {
                blankLines += lines;
            }
            else
            {
                // Blank lines before a record belong to it when counting lines to skip.
                records.Add((record, lines + blankLines));
                blankLines = 0;
                if (records.Count == SampleRecords) return records;
            }
            lines = 0;
        }
        // The last record is whole only when the sample is the whole file.
        if (read <= SampleBytes && current.ToString().Trim().Length > 0) records.Add((current.ToString().TrimEnd('\r'), lines + 1 + blankLines));
        return records;
    }
}
