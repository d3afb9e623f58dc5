using System.Text;

namespace Lepton.Api.Tests;

/// <summary>A line diff in the unified style (<c>@@ -a,b +c,d @@</c> hunks, ' ', '-' and '+' lines).</summary>
internal static class LineDiff
{
    // Past this many cells the middle of the two texts is shown as removed then added, not aligned line by line.
    private const long MaxCells = 25_000_000;

    public static string Unified(string before, string after, int context)
    {
        var edits = Edits(Lines(before), Lines(after));
        var text = new StringBuilder();
        foreach (var (start, end) in Hunks(edits, context))
        {
            var hunk = edits.Skip(start).Take(end - start).ToList();
            var oldStart = hunk[0].OldLine;
            var newStart = hunk[0].NewLine;
            var oldCount = hunk.Count(edit => edit.Kind != '+');
            var newCount = hunk.Count(edit => edit.Kind != '-');
            text.Append($"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Kind).Append(edit.Text).Append('\n');
            }
        }

        return text.ToString();
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    // Hunks are index ranges into the edits: every change with up to `context` unchanged lines around it.
    private static IEnumerable<(int Start, int End)> Hunks(List<Edit> edits, int context)
    {
        var changed = Enumerable.Range(0, edits.Count).Where(i => edits[i].Kind != ' ').ToList();
        var i = 0;
        while (i < changed.Count)
        {
            var start = Math.Max(0, changed[i] - context);
            var end = Math.Min(edits.Count, changed[i] + context + 1);
            while (i + 1 < changed.Count && changed[i + 1] - context <= end)
            {
                i++;
                end = Math.Min(edits.Count, changed[i] + context + 1);
            }

            yield return (start, end);
            i++;
        }
    }

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix
               && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var edits = new List<Edit>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++)
        {
            edits.Add(new Edit(' ', a[i], i + 1, i + 1));
        }

        Middle(a[prefix..(a.Length - suffix)], b[prefix..(b.Length - suffix)], prefix, edits);
        for (var k = suffix; k > 0; k--)
        {
            edits.Add(new Edit(' ', a[^k], a.Length - k + 1, b.Length - k + 1));
        }

        return edits;
    }

    // Longest common subsequence of the differing middle, walked forward into ' ', '-' and '+' edits.
    private static void Middle(string[] a, string[] b, int offset, List<Edit> edits)
    {
        if ((long)a.Length * b.Length > MaxCells)
        {
            edits.AddRange(a.Select((line, i) => new Edit('-', line, offset + i + 1, offset + 1)));
            edits.AddRange(b.Select((line, j) => new Edit('+', line, offset + a.Length + 1, offset + j + 1)));
            return;
        }

        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add(new Edit(' ', a[x], offset + x + 1, offset + y + 1));
                x++;
                y++;
            }
            else if (y == b.Length || (x < a.Length && common[x + 1, y] >= common[x, y + 1]))
            {
                edits.Add(new Edit('-', a[x], offset + x + 1, offset + y + 1));
                x++;
            }
            else
            {
                edits.Add(new Edit('+', b[y], offset + x + 1, offset + y + 1));
                y++;
            }
        }
    }
}
