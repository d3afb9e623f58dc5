using Lepton.Data.Pipelines;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Pipelines;

public sealed class TextTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    private Table Read(string text) => csv.Read(text, new() { ["t"] = ColumnKind.Text });

    [Fact]
    public void Tf_idf_matches_scikit_learn_defaults_computed_by_hand()
    {
        // n = 3; df: the 2, cat 2, dog 1; idf = ln((1 + n) / (1 + df)) + 1; rows scaled to unit length.
        using var train = Read("t\nthe cat\nthe dog\ncat cat\n");
        var fitted = Pipeline.Create().TfIdf("t").Fit(train);
        using var result = fitted.Apply(train);
        Assert.Equal(["t:cat", "t:dog", "t:the"], result.Table.Columns.Select(c => c.Name));
        double common = Math.Log(4.0 / 3) + 1, rare = Math.Log(2) + 1, norm = Math.Sqrt(common * common + rare * rare);
        Assert.Equal(rare / norm, result.Table.GetDoubles("t:dog")[1]!.Value, 12);
        Assert.Equal(common / norm, result.Table.GetDoubles("t:the")[1]!.Value, 12);
        Assert.Equal(1.0, result.Table.GetDoubles("t:cat")[2]!.Value, 12);

        using var test = Read("t\nThe bird\n\n");
        using var applied = fitted.Apply(test);
        Assert.Equal(1.0, applied.Table.GetDoubles("t:the")[0]!.Value, 12);
        Assert.Equal(0.0, applied.Table.GetDoubles("t:cat")[1]!.Value);
        Assert.Equal(1, applied.Report.Steps[0].UnseenValues);
    }

    [Fact]
    public void Word_ids_come_from_the_training_vocabulary_with_padding_and_an_unknown_id()
    {
        // Counts: cat 3, the 2, a 1, dog 1 → ids cat 2, the 3, a 4 (ties by word); max 5 tokens keeps 3 words.
        using var train = Read("t\nthe cat\nthe dog\ncat cat a\n");
        var fitted = Pipeline.Create().TokenIds("t", maxTokens: 5, sequenceLength: 3).Fit(train);
        using var test = Read("t\nthe cat sat on\ndog\n\n");
        using var result = fitted.Apply(test);
        long?[] Row(int r) => Enumerable.Range(0, 3).Select(i => result.Table.GetInt64s($"t#{i}")[r]).ToArray();
        Assert.Equal(new long?[] { 3, 2, 1 }, Row(0));   // "sat" unknown, "on" cut
        Assert.Equal(new long?[] { 1, 0, 0 }, Row(1));   // dog is outside the 3-word vocabulary
        Assert.Equal(new long?[] { 0, 0, 0 }, Row(2));
        Assert.Equal(3, result.Report.Steps[0].UnseenValues);
        Assert.Contains("1 rows cut to 3 words", result.Report.Steps[0].ToString());
    }

    [Fact]
    public void Subword_ids_are_cl100k_tokens_shifted_by_one_with_zero_padding()
    {
        // cl100k_base: "hello world" → 15339, 1917.
        using var table = Read("t\nhello world\n\n");
        var fitted = FittedPipeline.FromJson(Pipeline.Create().SubwordIds("t", sequenceLength: 3).Fit(table).ToJson());
        using var result = fitted.Apply(table);
        Assert.Equal(["t#0", "t#1", "t#2"], result.Table.Columns.Select(c => c.Name));
        Assert.Equal(new long?[] { 15340, 0 }, result.Table.GetInt64s("t#0"));
        Assert.Equal(new long?[] { 1918, 0 }, result.Table.GetInt64s("t#1"));
        Assert.Equal(new long?[] { 0, 0 }, result.Table.GetInt64s("t#2"));
        Assert.Equal(1, result.Report.Steps[0].ValuesChanged);
    }
}
