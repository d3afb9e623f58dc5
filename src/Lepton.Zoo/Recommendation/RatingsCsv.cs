using System.Globalization;
using System.Text;

namespace Lepton.Zoo.Recommendation;

/// <summary>Reads a ratings CSV with named columns; every error names the file, the line and the column.</summary>
internal static class RatingsCsv
{
    private static readonly string[] UserNames = ["userId", "user_id", "user"];
    private static readonly string[] ItemNames = ["movieId", "itemId", "item_id", "movie_id", "item"];

    public static Ratings Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The ratings file '{path}' does not exist.", path);
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        var header = NextRecord(reader, path, ref lineNumber)
            ?? throw new InvalidDataException($"{path}: the file is empty; it needs a header naming the columns userId, movieId (or itemId) and rating.");
        var user = Column(header, UserNames, path, required: true);
        var item = Column(header, ItemNames, path, required: true);
        var rating = Column(header, ["rating"], path, required: true);
        var timestamp = Column(header, ["timestamp"], path, required: false);
        var title = Column(header, ["title"], path, required: false);

        var users = new List<string>();
        var items = new List<string>();
        var values = new List<float>();
        var times = timestamp < 0 ? null : new List<long>();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var start = lineNumber + 1;
            var fields = NextRecord(reader, path, ref lineNumber);
            if (fields is null) break;
            if (fields is [""]) continue;
            if (fields.Count != header.Count)
                throw new InvalidDataException($"{path}, line {start}: the row has {fields.Count} fields but the header has {header.Count}; quote fields that hold commas.");
            var userId = Id(fields, user, header, path, start);
            var itemId = Id(fields, item, header, path, start);
            var value = Number(fields, rating, header, path, start);
            users.Add(userId);
            items.Add(itemId);
            values.Add((float)value);
            if (times is not null)
            {
                if (!long.TryParse(fields[timestamp], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t))
                    throw Bad(path, start, header[timestamp], fields[timestamp], "is not a whole number (a time in seconds)");
                times.Add(t);
            }
            if (title >= 0 && fields[title] is { Length: > 0 } name && name != "NA") titles.TryAdd(itemId, name);
        }
        if (values.Count == 0) throw new InvalidDataException($"{path}: the file has a header but no ratings.");
        return RatingsIndexer.Create(users, items, [.. values], times?.ToArray(), titles);
    }

    private static int Column(List<string> header, string[] names, string path, bool required)
    {
        var index = header.FindIndex(h => names.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        if (index < 0 && required)
            throw new InvalidDataException($"{path}, line 1: no column named {string.Join(" or ", names.Select(n => $"'{n}'"))}; the header has {string.Join(", ", header.Select(h => $"'{h}'"))}.");
        return index;
    }

    private static string Id(List<string> fields, int column, List<string> header, string path, int line)
    {
        var id = fields[column].Trim();
        if (id.Length == 0 || id == "NA") throw Bad(path, line, header[column], fields[column], "is missing; every rating needs a user and an item");
        return id;
    }

    private static double Number(List<string> fields, int column, List<string> header, string path, int line)
    {
        if (!double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Bad(path, line, header[column], fields[column], "is not a number");
        return value;
    }

    private static InvalidDataException Bad(string path, int line, string column, string value, string problem) =>
        new($"{path}, line {line}, column '{column}': '{value}' {problem}. Fix or remove the row.");

    /// <summary>The next record's fields (a quoted field may span lines), or null at the end of the file.</summary>
    private static List<string>? NextRecord(StreamReader reader, string path, ref int lineNumber)
    {
        var line = reader.ReadLine();
        if (line is null) return null;
        lineNumber++;
        var start = lineNumber;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i == line.Length)
            {
                if (!quoted) break;
                line = reader.ReadLine() ?? throw new InvalidDataException($"{path}, line {start}: a quoted field is never closed.");
                lineNumber++;
                field.Append('\n');
                i = 0;
                continue;
            }
            var c = line[i++];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i < line.Length && line[i] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c != '\r') field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
