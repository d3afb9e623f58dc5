using System.Globalization;
using System.Text;
using Dapper;

namespace Lepton.Tracking.Stores;

/// <summary>
/// Turns a run query's MLflow-style filter and order into SQL over the <c>runs</c> table (alias <c>r</c>), with
/// every user value passed as a parameter.
/// </summary>
internal sealed class RunFilter
{
    private static readonly string[] Operators = ["<=", ">=", "!=", "=", "<", ">"];
    private static readonly Dictionary<string, string> Attributes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["status"] = "r.status",
        ["name"] = "r.name",
        ["run_name"] = "r.name",
        ["run_id"] = "r.run_id",
        ["start_time"] = "r.start_time",
        ["end_time"] = "r.end_time",
    };

    private readonly DynamicParameters _parameters = new();
    private int _next;

    private RunFilter()
    {
    }

    public string Where { get; private set; } = "";

    public string Join { get; private set; } = "";

    public string OrderBy { get; private set; } = "r.start_time DESC, r.run_id";

    public DynamicParameters Parameters => _parameters;

    public static RunFilter Compile(RunQuery query, IReadOnlyList<long>? experimentIds, SqlDialect dialect)
    {
        var filter = new RunFilter();
        var where = new List<string>();
        if (experimentIds is not null)
        {
            filter._parameters.Add("experiments", experimentIds.ToArray());
            where.Add(dialect.InList("r.experiment_id", "@experiments"));
        }

        if (!string.IsNullOrWhiteSpace(query.Filter))
        {
            foreach (var clause in SplitClauses(query.Filter)) where.Add(filter.CompileClause(clause));
        }

        filter.Where = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        if (!string.IsNullOrWhiteSpace(query.OrderBy)) filter.CompileOrder(query.OrderBy.Trim(), dialect);
        return filter;
    }

    private string Parameter(object? value)
    {
        var name = "f" + _next++.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(name, value);
        return "@" + name;
    }

    private string CompileClause(string clause)
    {
        var (identifier, op, literal) = ParseComparison(clause);
        var (kind, key) = SplitIdentifier(identifier, clause);
        switch (kind)
        {
            case "metrics":
                var number = literal as double? ?? throw Bad(clause, $"metrics compare with numbers; '{literal}' is text.");
                if (op == "LIKE") throw Bad(clause, "LIKE compares text; metrics are numbers.");
                return $"EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.run_id AND m.key = {Parameter(key)} AND m.value {op} {Parameter(number)})";
            case "params":
            case "tags":
                var text = literal as string ?? throw Bad(clause, $"{kind} are text: quote the value ('{literal}').");
                if (op is not ("=" or "!=" or "LIKE")) throw Bad(clause, $"{kind} are text and compare with =, != or LIKE.");
                var table = kind == "params" ? "params" : "tags";
                return Compare($"EXISTS (SELECT 1 FROM {table} t WHERE t.run_id = r.run_id AND t.key = {Parameter(key)} AND ", "t.value", op, text) + ")";
            default:
                if (!Attributes.TryGetValue(key, out var column))
                    throw Bad(clause, $"unknown attribute '{key}'; use status, name, run_id, start_time or end_time, or metrics.KEY, params.KEY, tags.KEY.");
                if (column is "r.start_time" or "r.end_time")
                {
                    var at = literal switch
                    {
                        double d => (long)d,
                        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed.ToUnixTimeMilliseconds(),
                        _ => throw Bad(clause, "times compare with Unix milliseconds or an ISO date ('2026-11-23T10:00Z')."),
                    };
                    if (op == "LIKE") throw Bad(clause, "LIKE compares text; times are numbers.");
                    return $"{column} {op} {Parameter(at)}";
                }

                var value = literal as string ?? throw Bad(clause, $"{key} is text: quote the value.");
                if (column == "r.status")
                {
                    if (op == "LIKE" || !Enum.TryParse<RunStatus>(value, ignoreCase: true, out var status))
                        throw Bad(clause, "status is one of 'running', 'finished', 'failed', 'killed', compared with = or !=.");
                    value = SqlMetadataStore.StatusText(status);
                }

                if (op is not ("=" or "!=" or "LIKE")) throw Bad(clause, $"{key} is text and compares with =, != or LIKE.");
                return Compare("", column, op, value);
        }
    }

    // LIKE is case-insensitive on both databases (SQLite's already is, PostgreSQL's is not).
    private string Compare(string prefix, string column, string op, string value) =>
        op == "LIKE" ? $"{prefix}LOWER({column}) LIKE LOWER({Parameter(value)})" : $"{prefix}{column} {op} {Parameter(value)}";

    private void CompileOrder(string orderBy, SqlDialect dialect)
    {
        var descending = false;
        var expression = orderBy;
        var space = orderBy.LastIndexOf(' ');
        if (space > 0)
        {
            var direction = orderBy[(space + 1)..];
            if (direction.Equals("desc", StringComparison.OrdinalIgnoreCase)) { descending = true; expression = orderBy[..space].Trim(); }
            else if (direction.Equals("asc", StringComparison.OrdinalIgnoreCase)) expression = orderBy[..space].Trim();
        }

        var (kind, key) = SplitIdentifier(expression, orderBy);
        var dir = descending ? "DESC" : "ASC";
        switch (kind)
        {
            case "metrics":
                Join = $"LEFT JOIN latest_metrics om ON om.run_id = r.run_id AND om.key = {Parameter(key)}";
                // As MLflow: runs without the metric, or whose value is NaN, last in either direction.
                OrderBy = $"CASE WHEN om.value IS NULL OR {dialect.IsNaN("om.value")} THEN 1 ELSE 0 END, om.value {dir}, r.start_time DESC, r.run_id";
                break;
            case "params":
                Join = $"LEFT JOIN params op ON op.run_id = r.run_id AND op.key = {Parameter(key)}";
                OrderBy = $"op.value {dir} NULLS LAST, r.start_time DESC, r.run_id";
                break;
            case "tags":
                throw Bad(orderBy, "order by a metric, a parameter or an attribute (start_time, end_time, name, status).");
            default:
                if (!Attributes.TryGetValue(key, out var column)) throw Bad(orderBy, $"unknown attribute '{key}' to order by.");
                OrderBy = $"{column} {dir} NULLS LAST, r.run_id";
                break;
        }
    }

    private static (string Kind, string Key) SplitIdentifier(string identifier, string clause)
    {
        var dot = identifier.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var prefix = identifier[..dot].ToLowerInvariant();
            var key = Unquote(identifier[(dot + 1)..].Trim());
            switch (prefix)
            {
                case "metrics" or "metric":
                    return ("metrics", key);
                case "params" or "param" or "parameters":
                    return ("params", key);
                case "tags" or "tag":
                    return ("tags", key);
                case "attributes" or "attribute" or "attr" or "run":
                    return ("attributes", key);
            }

            throw Bad(clause, $"'{identifier}' should start with metrics., params., tags. or attributes.");
        }

        return ("attributes", identifier);
    }

    private static string Unquote(string key) =>
        key.Length >= 2 && (key[0] == '`' || key[0] == '"') && key[^1] == key[0] ? key[1..^1] : key;

    private static (string Identifier, string Operator, object Literal) ParseComparison(string clause)
    {
        var text = clause.Trim();
        int position;
        string op;
        var like = IndexOfWord(text, "LIKE");
        if (like > 0)
        {
            position = like;
            op = "LIKE";
        }
        else
        {
            (position, op) = FindOperator(text) ?? throw Bad(clause, "expected IDENTIFIER OPERATOR VALUE with =, !=, <, <=, >, >= or LIKE.");
        }

        var identifier = text[..position].Trim();
        var literalText = text[(position + op.Length)..].Trim();
        if (identifier.Length == 0) throw Bad(clause, "nothing before the operator.");
        if (literalText.Length == 0) throw Bad(clause, "nothing after the operator.");
        object literal;
        if (literalText[0] is '\'' or '"')
        {
            literal = Unquote(literalText, clause);
        }
        else if (double.TryParse(literalText, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            literal = number;
        }
        else
        {
            throw Bad(clause, $"'{literalText}' is neither a number nor a quoted string.");
        }

        return (identifier, op, literal);
    }

    /// <summary>A quoted value; the quote character doubled inside stands for itself (<c>'it''s'</c>).</summary>
    private static string Unquote(string text, string clause)
    {
        var quote = text[0];
        var value = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] != quote)
            {
                value.Append(text[i]);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == quote)
            {
                value.Append(quote);
                i++;
                continue;
            }

            if (i != text.Length - 1) throw Bad(clause, $"text after the closing quote: '{text[(i + 1)..].Trim()}'; join clauses with 'and'.");
            return value.ToString();
        }

        throw Bad(clause, "a quoted value has no closing quote.");
    }

    private static (int Position, string Operator)? FindOperator(string text)
    {
        var inQuote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuote != '\0') { if (c == inQuote) inQuote = '\0'; continue; }
            if (c is '\'' or '"' or '`') { inQuote = c; continue; }
            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0) return (i, op);
            }
        }

        return null;
    }

    private static int IndexOfWord(string text, string word)
    {
        var inQuote = '\0';
        for (var i = 0; i + word.Length <= text.Length; i++)
        {
            var c = text[i];
            if (inQuote != '\0') { if (c == inQuote) inQuote = '\0'; continue; }
            if (c is '\'' or '"' or '`') { inQuote = c; continue; }
            if (i > 0 && char.IsWhiteSpace(text[i - 1]) && string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && i + word.Length < text.Length && char.IsWhiteSpace(text[i + word.Length])) return i;
        }

        return -1;
    }

    /// <summary>Splits on the word AND outside quotes.</summary>
    private static IEnumerable<string> SplitClauses(string filter)
    {
        var current = new StringBuilder();
        var inQuote = '\0';
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (inQuote == '\0' && (i == 0 || char.IsWhiteSpace(filter[i - 1])) && i + 3 <= filter.Length
                && string.Compare(filter, i, "and", 0, 3, StringComparison.OrdinalIgnoreCase) == 0 && (i + 3 == filter.Length || char.IsWhiteSpace(filter[i + 3])))
            {
                yield return CheckClause(current.ToString(), filter);
                current.Clear();
                i += 3;
                continue;
            }

            if (inQuote != '\0') { if (c == inQuote) inQuote = '\0'; }
            else if (c is '\'' or '"' or '`') inQuote = c;
            current.Append(c);
        }

        yield return CheckClause(current.ToString(), filter);
    }

    private static string CheckClause(string clause, string filter) =>
        string.IsNullOrWhiteSpace(clause) ? throw Bad(filter, "an empty clause next to 'and'.") : clause;

    private static TrackingException Bad(string clause, string why) =>
        TrackingException.Invalid($"Cannot read the run filter '{clause.Trim()}': {why}");
}
