using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Text to word ids, as Keras's TextVectorization with a fixed output length: the vocabulary is the
/// <see cref="MaxTokens"/> − 2 most frequent training words (ties by word), id 0 pads, id 1 is a word not in the
/// vocabulary (counted as unseen), ids 2… are vocabulary words by frequency. Columns <c>column#0</c> … <c>column#(L−1)</c>
/// hold the first <see cref="SequenceLength"/> words, padded with 0; the text column goes.
/// </summary>
internal sealed record TokenIdsStep : PipelineStep
{
    public const int PaddingId = 0;
    public const int UnknownId = 1;

    public required string Column { get; init; }

    public int MaxTokens { get; init; } = 10_000;

    public int SequenceLength { get; init; } = 32;

    public string[] Vocabulary { get; init; } = [];

    public override string Describe() => $"word ids of {Column} (length {SequenceLength})";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        if (MaxTokens < 3 || SequenceLength < 1) throw new PipelineException($"Step '{Describe()}': needs max tokens ≥ 3 and a sequence length ≥ 1.");
        var rows = train.Rows($"""
            SELECT w FROM (SELECT unnest({Words.Of(Column)}) AS w FROM {WorkingTable.Name})
            GROUP BY w ORDER BY count(*) DESC, w LIMIT {(MaxTokens - 2).ToString(CultureInfo.InvariantCulture)}
            """);
        return this with { Vocabulary = rows.Select(r => (string)r[0]!).ToArray() };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        const string Ids = "__lepton_ids";
        var vocabulary = Sql.List(Vocabulary) + "::VARCHAR[]";
        var unseen = Table.ToLong(table.Scalar($"SELECT coalesce(sum(len(list_filter({Words.Of(Column)}, lambda w: NOT list_contains({vocabulary}, w)))), 0)::BIGINT FROM {WorkingTable.Name}"));
        var cut = table.Count($"len({Words.Of(Column)}) > {SequenceLength.ToString(CultureInfo.InvariantCulture)}");
        // list_position is 1-based: vocabulary word k (0-based) gets id k + 2.
        var ids = $"list_transform({Words.Of(Column)}, lambda w: coalesce(list_position({vocabulary}, w) + 1, {UnknownId}))";
        table.Rewrite(added: [(Ids, ids, ColumnKind.Text)], removed: [Column]);
        var added = Enumerable.Range(0, SequenceLength)
            .Select(i => ($"{Column}#{i}", $"coalesce({Sql.Name(Ids)}[{(i + 1).ToString(CultureInfo.InvariantCulture)}], {PaddingId})::BIGINT", ColumnKind.Integer)).ToList();
        table.Rewrite(added: added, removed: [Ids]);
        return new StepReport(Describe())
        {
            ValuesChanged = table.RowCount,
            UnseenValues = unseen,
            ColumnsAdded = added.Select(a => a.Item1).ToList(),
            ColumnsRemoved = [Column],
            Notes = [.. unseen > 0 ? new[] { $"{unseen} unknown words → id {UnknownId}" } : [], .. cut > 0 ? new[] { $"{cut} rows cut to {SequenceLength} words" } : []],
        };
    }
}
