using Lepton.Data.Pipelines;

namespace Lepton.Data.Tests.Pipelines;

public sealed class EncodingTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    [Fact]
    public void One_hot_gives_all_zeros_for_unseen_and_missing_categories_and_counts_them()
    {
        using var train = csv.Read("city,v\nb,1\na,2\nc,3\na,4\n");
        var fitted = Pipeline.Create().OneHot("city").Fit(train);
        using var test = csv.Read("city,v\na,1\nd,2\n,3\n");
        using var result = fitted.Apply(test);
        Assert.Equal(["v", "city=a", "city=b", "city=c"], result.Table.Columns.Select(c => c.Name));
        Assert.Equal([1, 0, 0], result.Table.GetDoubles("city=a"));
        Assert.Equal([0, 0, 0], result.Table.GetDoubles("city=b"));
        var report = result.Report.Steps[0];
        Assert.Equal(1, report.UnseenValues);
        Assert.Contains("1 unseen categories → all zeros", report.ToString());
        Assert.Contains("1 missing → all zeros", report.ToString());
    }

    [Fact]
    public void Ordinal_codes_sorted_training_categories_and_reserves_minus_one_for_unknown()
    {
        using var train = csv.Read("size\nm\ns\nl\n");
        var fitted = Pipeline.Create().Ordinal("size").Fit(train);
        using var test = csv.Read("size,x\ns,1\nxl,2\nl,3\n,4\n");
        using var result = fitted.Apply(test);
        Assert.Equal([2, -1, 0, -1], result.Table.GetDoubles("size"));
        Assert.Equal(1, result.Report.Steps[0].UnseenValues);
    }

    [Fact]
    public void Target_encoding_applies_smoothed_training_means_and_the_prior_for_unseen()
    {
        // a: 1, 0, 1; b: 0, 0. Prior 0.4; smoothing 1: a = (2 + 0.4) / 4 = 0.6, b = 0.4 / 3.
        using var train = csv.Read("c,y\na,1\na,0\na,1\nb,0\nb,0\n");
        var fitted = Pipeline.Create().TargetEncode("c", "y", folds: 2).Fit(train);
        using var test = csv.Read("c,y\na,0\nb,0\nz,0\n");
        using var result = fitted.Apply(test);
        var encoded = result.Table.GetDoubles("c");
        Assert.Equal(0.6, encoded[0]!.Value, 12);
        Assert.Equal(0.4 / 3, encoded[1]!.Value, 12);
        Assert.Equal(0.4, encoded[2]!.Value, 12);
        Assert.Equal(1, result.Report.Steps[0].UnseenValues);
    }

    [Fact]
    public void Target_encoding_of_training_rows_never_uses_their_own_target()
    {
        var rows = Enumerable.Range(0, 40).Select(i => $"{(char)('a' + i % 3)},{(i * 7 % 5 == 0 ? 1 : 0)}").ToList();
        var changed = rows.ToList();
        changed[7] = changed[7][..2] + (changed[7].EndsWith('1') ? "0" : "1");   // flip row 7's target only
        using var a = csv.Read("c,y\n" + string.Join("\n", rows) + "\n");
        using var b = csv.Read("c,y\n" + string.Join("\n", changed) + "\n");
        var pipeline = Pipeline.Create().TargetEncode("c", "y", folds: 5, seed: 3);
        using var ea = pipeline.Fit(a, out var fa);
        using var eb = pipeline.Fit(b, out var fb);
        var va = ea.Table.GetDoubles("c");
        var vb = eb.Table.GetDoubles("c");
        Assert.Equal(va[7], vb[7]);                                   // its own encoding ignores its own target
        Assert.NotEqual(va, vb);                                      // rows of other folds see the change
        using var full = fa.Apply(a);
        Assert.NotEqual(full.Table.GetDoubles("c")[7], va[7]);       // cross-fitted differs from the full-data encoding
        Assert.Contains("cross-fitted, 5 folds", ea.Report.Steps[0].Step);
    }

    [Fact]
    public void Target_encoding_refuses_a_text_target_with_what_to_do()
    {
        using var train = csv.Read("c,y\na,cat\nb,dog\n");
        var error = Assert.Throws<PipelineException>(() => Pipeline.Create().TargetEncode("c", "y").Fit(train));
        Assert.Contains("Encode it first", error.Message);
    }
}
