using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// TF-IDF as scikit-learn's TfidfVectorizer computes it by default: the vocabulary is the training words in most
/// documents (up to <see cref="MaxFeatures"/>), idf = ln((1 + n) / (1 + df)) + 1 from the training rows, each row's
/// term counts × idf scaled to unit length. Columns <c>column:word</c>; the text column goes. Words not in the
/// vocabulary are ignored (counted as unseen).
/// </summary>
internal sealed record TfIdfStep : PipelineStep
{
    public required string Column { get; init; }

    public int MaxFeatures { get; init; } = 100;

    public string[] Vocabulary { get; init; } = [];

    public double[] Idf { get; init; } = [];

    public override string Describe() => $"TF-IDF of {Column}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        var n = train.RowCount;
        var rows = train.Rows($"""
            SELECT w, count(DISTINCT r) AS df FROM (SELECT rowid AS r, unnest({Words.Of(Column)}) AS w FROM {WorkingTable.Name})
            GROUP BY w ORDER BY df DESC, w LIMIT {MaxFeatures.ToString(CultureInfo.InvariantCulture)}
            """);
        var vocabulary = rows.Select(r => (string)r[0]!).ToArray();
        var idf = rows.Select(r => Math.Log((1.0 + n) / (1.0 + ToDouble(r[1]))) + 1).ToArray();
        var order = Enumerable.Range(0, vocabulary.Length).OrderBy(i => vocabulary[i], StringComparer.Ordinal).ToArray();
        return this with { Vocabulary = order.Select(i => vocabulary[i]).ToArray(), Idf = order.Select(i => idf[i]).ToArray() };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        const string Tokens = "__lepton_words";
        var vocabulary = Sql.List(Vocabulary) + "::VARCHAR[]";
        var unseen = Table.ToLong(table.Scalar($"SELECT coalesce(sum(len(list_filter({Words.Of(Column)}, lambda w: NOT list_contains({vocabulary}, w)))), 0)::BIGINT FROM {WorkingTable.Name}"));
        table.Rewrite(added: [(Tokens, Words.Of(Column), ColumnKind.Text)], removed: [Column]);
        var names = Vocabulary.Select(v => $"{Column}:{v}").ToArray();
        var raw = Vocabulary.Select((v, i) => (names[i], $"len(list_filter({Sql.Name(Tokens)}, lambda w: w = {Sql.Literal(v)})) * {Num(Idf[i])}", ColumnKind.Float)).ToList();
        table.Rewrite(added: raw, removed: [Tokens]);
        if (names.Length > 0)
        {
            var norm = $"sqrt({string.Join(" + ", names.Select(c => $"{Sql.Name(c)} * {Sql.Name(c)}"))})";
            table.Rewrite(names.ToDictionary(c => c, c => $"CASE WHEN {norm} > 0 THEN {Sql.Name(c)} / {norm} ELSE 0.0 END"));
        }
        return new StepReport(Describe())
        {
            ValuesChanged = table.RowCount,
            UnseenValues = unseen,
            ColumnsAdded = names,
            ColumnsRemoved = [Column],
            Notes = unseen > 0 ? [$"{unseen} words not in the vocabulary ignored"] : [],
        };
    }
}
