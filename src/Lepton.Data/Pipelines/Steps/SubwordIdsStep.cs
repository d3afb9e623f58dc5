using System.Globalization;
using Lepton.Data.Tables;
using Microsoft.ML.Tokenizers;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Text to subword ids with a pretrained tokenizer from Microsoft.ML.Tokenizers (cl100k_base, whose vocabulary ships
/// inside its NuGet package, so nothing is downloaded or fitted). Columns <c>column#0</c> … hold id + 1 for the first
/// <see cref="SequenceLength"/> tokens, 0 padding; the text column goes. Tokenizing runs in .NET, row by row.
/// </summary>
internal sealed record SubwordIdsStep : PipelineStep
{
    public const string DefaultEncoding = "cl100k_base";

    public required string Column { get; init; }

    public string Encoding { get; init; } = DefaultEncoding;

    public int SequenceLength { get; init; } = 64;

    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding(DefaultEncoding));

    public override string Describe() => $"{Encoding} token ids of {Column} (length {SequenceLength})";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        if (Encoding != DefaultEncoding) throw new PipelineException($"Step '{Describe()}': the encoding '{Encoding}' is not available; Lepton ships {DefaultEncoding}.");
        if (SequenceLength < 1) throw new PipelineException($"Step '{Describe()}': the sequence length must be at least 1.");
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        const string Ids = "__lepton_subwords";
        var texts = table.Rows($"SELECT CAST({Col(Column)} AS VARCHAR) FROM {WorkingTable.Name} ORDER BY rowid").Select(r => r[0] as string).ToList();
        var tokenizer = Cl100k.Value;
        var ids = texts.Select(t => t is null ? null : (IReadOnlyList<int>?)tokenizer.EncodeToIds(t)).ToList();
        var cut = ids.Count(i => i is not null && i.Count > SequenceLength);
        table.AddListColumn(Ids, ids);
        var added = Enumerable.Range(0, SequenceLength)
            .Select(i => ($"{Column}#{i}", $"coalesce({Sql.Name(Ids)}[{(i + 1).ToString(CultureInfo.InvariantCulture)}] + 1, 0)::BIGINT", ColumnKind.Integer)).ToList();
        table.Rewrite(added: added, removed: [Column, Ids]);
        return new StepReport(Describe())
        {
            ValuesChanged = ids.Count(i => i is not null),
            ColumnsAdded = added.Select(a => a.Item1).ToList(),
            ColumnsRemoved = [Column],
            Notes = cut > 0 ? [$"{cut} rows cut to {SequenceLength} tokens"] : [],
        };
    }
}
