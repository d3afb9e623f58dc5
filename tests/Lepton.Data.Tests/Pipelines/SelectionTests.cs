using Lepton.Data.Pipelines;

namespace Lepton.Data.Tests.Pipelines;

public sealed class SelectionTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    [Fact]
    public void Chi2_keeps_the_feature_whose_class_sums_differ_most_from_expected()
    {
        // x: class a sums 4, b sums 0; expected 2 each: chi² = 2²/2 + 2²/2 = 4. z is 1 everywhere: chi² = 0.
        using var train = csv.Read("x,z,y\n1,1,a\n3,1,a\n0,1,b\n0,1,b\n");
        var fitted = Pipeline.Create().SelectBest("y", FeatureScore.Chi2, keep: 1).Fit(train);
        Assert.Equal(["x", "y"], fitted.OutputColumns);
        Assert.Contains("\"x\": 4", fitted.ToJson());
        using var negative = csv.Read("x,y\n-1,a\n1,b\n");
        Assert.Contains("non-negative", Assert.Throws<PipelineException>(() => Pipeline.Create().SelectBest("y", FeatureScore.Chi2, 1).Fit(negative)).Message);
    }

    [Fact]
    public void Mutual_information_of_a_feature_that_separates_two_balanced_classes_is_ln_2()
    {
        var rows = Enumerable.Range(0, 20).Select(i => $"{i},{i * 7 % 20},{(i < 10 ? "a" : "b")}");
        using var train = csv.Read("x,z,y\n" + string.Join("\n", rows) + "\n");
        var fitted = Pipeline.Create().SelectBest("y", FeatureScore.MutualInformation, keep: 1).Fit(train);
        Assert.Equal(["x", "y"], fitted.OutputColumns);
        using var result = fitted.Apply(train);
        var note = result.Report.Steps[0].Notes[0];
        Assert.StartsWith($"x {Math.Log(2):G4}", note);
    }

    [Fact]
    public void Hashing_puts_every_value_seen_or_not_in_exactly_one_stable_bucket()
    {
        using var train = csv.Read("c\nred\ngreen\nblue\nred\n");
        var fitted = Pipeline.Create().Hash("c", 4).Fit(train);
        using var test = csv.Read("c\nred\npurple\n\n");
        using var result = fitted.Apply(test);
        var buckets = Enumerable.Range(0, 4).Select(b => result.Table.GetDoubles($"c#{b}")).ToArray();
        Assert.Equal(1, buckets.Sum(b => b[0]));
        Assert.Equal(1, buckets.Sum(b => b[1]));
        Assert.Equal(0, buckets.Sum(b => b[2]));   // missing: all zeros
        using var again = FittedPipeline.FromJson(fitted.ToJson()).Apply(test);
        Assert.Equal(buckets[0], again.Table.GetDoubles("c#0"));
        using var trained = fitted.Apply(train);
        Assert.Equal(Enumerable.Range(0, 4).Select(b => trained.Table.GetDoubles($"c#{b}")[0]), Enumerable.Range(0, 4).Select(b => buckets[b][0]));
    }

    private Lepton.Data.Tables.Table Linear()
    {
        // y = 3a + 0.5c exactly; b carries nothing.
        var rows = Enumerable.Range(0, 60).Select(i => (a: i % 5, b: i * 3 % 7, c: i / 5 % 4)).Select(r => $"{r.a},{r.b},{r.c},{3 * r.a + 0.5 * r.c}");
        return csv.Read("a,b,c,y\n" + string.Join("\n", rows) + "\n");
    }

    [Fact]
    public void Recursive_elimination_removes_the_feature_with_no_weight_first_then_the_weaker()
    {
        using var train = Linear();
        Assert.Equal(["a", "c", "y"], Pipeline.Create().EliminateRecursively("y", keep: 2).Fit(train).OutputColumns);
        Assert.Equal(["a", "y"], Pipeline.Create().EliminateRecursively("y", keep: 1).Fit(train).OutputColumns);
    }

    [Fact]
    public void L1_selection_zeroes_the_useless_feature()
    {
        using var train = Linear();
        var fitted = Pipeline.Create().SelectL1("y", alpha: 0.1).Fit(train);
        Assert.Equal(["a", "c", "y"], fitted.OutputColumns);
        Assert.Equal(["y"], Pipeline.Create().SelectL1("y", alpha: 100).Fit(train).OutputColumns);
        using var text = csv.Read("a,y\n1,x\n2,z\n");
        Assert.Contains("Encode it first", Assert.Throws<PipelineException>(() => Pipeline.Create().SelectL1("y").Fit(text)).Message);
    }
}
