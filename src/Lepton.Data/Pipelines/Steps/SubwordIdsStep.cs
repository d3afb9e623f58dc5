using System.Globalization;
using Lepton.Data.Tables;
using Microsoft.ML.Tokenizers;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Text to subword ids with a pretrained tokenizer from Microsoft.ML.Tokenizers (cl100k_base, whose vocabulary ships
/// inside its NuGet package, so nothing is downloaded). Columns <c>column#0</c> … hold the ids of the first
/// <see cref="SequenceLength"/> tokens, 0 padding; the text column goes. Tokenizing runs in .NET, row by row.
/// <para>
/// Without <see cref="MaxTokens"/> an id is the tokenizer's id + 1 (about 100,000 ids). With it, fitting keeps the
/// <see cref="MaxTokens"/> − 2 tokens most frequent in the training rows (seen at least twice; ties by id) as
/// <see cref="Vocabulary"/>: id 0 pads, 1 is a token not kept (counted as unseen), k + 2 is the k-th kept token — a
/// small embedding table holding only what training saw. A <see cref="SequenceLength"/> of 0 is fitted too: the 95th
/// percentile of the training rows' token counts, between 8 and 256.
/// </para>
/// </summary>
internal sealed record SubwordIdsStep : PipelineStep
{
    public const string DefaultEncoding = "cl100k_base";
    public const int PaddingId = 0;
    public const int UnknownId = 1;

    public required string Column { get; init; }

    public string Encoding { get; init; } = DefaultEncoding;

    public int SequenceLength { get; init; } = 64;

    public int MaxTokens { get; init; }

    public int[] Vocabulary { get; init; } = [];

    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding(DefaultEncoding));

    public override string Describe() => $"{Encoding} token ids of {Column} (length {SequenceLength})";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        if (Encoding != DefaultEncoding) throw new PipelineException($"Step '{Describe()}': the encoding '{Encoding}' is not available; Lepton ships {DefaultEncoding}.");
        if (SequenceLength < 0) throw new PipelineException($"Step '{Describe()}': the sequence length must be at least 1 (or 0 to fit it).");
        if (MaxTokens is < 0 or 1 or 2) throw new PipelineException($"Step '{Describe()}': max tokens must be at least 3 (or 0 for the whole vocabulary), not {MaxTokens}.");
        if (MaxTokens == 0 && SequenceLength > 0) return this;
        var tokens = Tokenize(Texts(train)).OfType<IReadOnlyList<int>>().ToList();
        var fitted = this;
        if (SequenceLength == 0)
        {
            var lengths = tokens.Select(t => t.Count).Order().ToList();
            var p95 = lengths.Count == 0 ? 0 : lengths[Math.Min(lengths.Count - 1, (int)Math.Ceiling(0.95 * lengths.Count) - 1)];
            fitted = fitted with { SequenceLength = Math.Clamp(p95, 8, 256) };
        }
        if (MaxTokens > 0)
        {
            var counts = new Dictionary<int, int>();
            foreach (var id in tokens.SelectMany(t => t)) counts[id] = counts.GetValueOrDefault(id) + 1;
            var kept = counts.Where(c => c.Value >= 2).OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(MaxTokens - 2).Select(c => c.Key).ToArray();
            fitted = fitted with { Vocabulary = kept };
        }
        return fitted;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        const string Ids = "__lepton_subwords";
        var tokens = Tokenize(Texts(table));
        var unseen = 0L;
        IReadOnlyList<int>? Map(IReadOnlyList<int>? row)
        {
            if (row is null) return null;
            if (MaxTokens == 0) return row.Take(SequenceLength).Select(id => id + 1).ToList();
            var index = TokenIndex.Value;
            var ids = row.Select(id => index.TryGetValue(id, out var k) ? k : UnknownId).ToList();
            unseen += ids.Count(id => id == UnknownId);
            return ids.Take(SequenceLength).ToList();
        }
        var ids = tokens.Select(Map).ToList();
        var cut = tokens.Count(i => i is not null && i.Count > SequenceLength);
        table.AddListColumn(Ids, ids);
        var added = Enumerable.Range(0, SequenceLength)
            .Select(i => ($"{Column}#{i}", $"coalesce({Sql.Name(Ids)}[{(i + 1).ToString(CultureInfo.InvariantCulture)}], {PaddingId})::BIGINT", ColumnKind.Integer)).ToList();
        table.Rewrite(added: added, removed: [Column, Ids]);
        return new StepReport(Describe())
        {
            ValuesChanged = ids.Count(i => i is not null),
            UnseenValues = unseen,
            ColumnsAdded = added.Select(a => a.Item1).ToList(),
            ColumnsRemoved = [Column],
            Notes = [.. unseen > 0 ? new[] { $"{unseen} tokens not in the vocabulary → id {UnknownId}" } : [], .. cut > 0 ? new[] { $"{cut} rows cut to {SequenceLength} tokens" } : []],
        };
    }

    /// <summary>Token → id: the k-th kept token is k + 2 (0 pads, 1 is unknown).</summary>
    private Lazy<Dictionary<int, int>> TokenIndex => index ??= new(() => Vocabulary.Select((token, k) => (token, k)).ToDictionary(p => p.token, p => p.k + 2));

    private Lazy<Dictionary<int, int>>? index;

    private List<string?> Texts(WorkingTable table) =>
        table.Rows($"SELECT CAST({Col(Column)} AS VARCHAR) FROM {WorkingTable.Name} ORDER BY rowid").Select(r => r[0] as string).ToList();

    private static List<IReadOnlyList<int>?> Tokenize(List<string?> texts)
    {
        var tokenizer = Cl100k.Value;
        return texts.Select(t => t is null ? null : tokenizer.EncodeToIds(t)).ToList();
    }
}
