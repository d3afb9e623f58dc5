using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Data.Tests.Tables;

namespace Lepton.Data.Tests.Pipelines;

public sealed class SpecTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    [FactIfSklearnData]
    public void A_yaml_spec_cleans_wine_data_like_the_fluent_api()
    {
        const string Yaml = """
            defaults:
              extra: 0
            steps:
              - step: deduplicate
              - step: winsorize
                columns: [col_0]
                lower: 0.01
                upper: 0.99
              - step: scale
                method: robust
                except: [target]
              - step: variance_threshold
                threshold: 0
                except: [target]
              - step: ordinal
                column: target
            """;
        using var wine = Table.Read(SklearnData.Wine, new TableReadOptions
        {
            HasHeader = false,
            SkipLines = 1,
            ColumnNames = [.. Enumerable.Range(0, 13).Select(i => $"col_{i}"), "target"],
            ColumnKinds = new Dictionary<string, ColumnKind> { ["target"] = ColumnKind.Categorical },
        });
        using var fromSpec = PipelineSpec.Parse(Yaml).Fit(wine, out var specFitted);
        using var fluent = Pipeline.Create().Deduplicate().Winsorize("col_0", 0.01, 0.99).ScaleAllExcept(Scaling.Robust, "target")
            .VarianceThreshold(0, "target").Ordinal("target").WithDefault("extra", 0).Fit(wine, out var fluentFitted);
        Assert.Equal(fluentFitted.ToJson(), specFitted.ToJson());
        Assert.Equal(178, fromSpec.Table.RowCount);
        Assert.Equal([0.0, 1.0, 2.0], fromSpec.Table.GetDoubles("target").Distinct().Order().Select(v => v!.Value));
        var sorted = fromSpec.Table.GetDoubles("col_1").Select(v => v!.Value).Order().ToArray();
        Assert.Equal(0.0, (sorted[88] + sorted[89]) / 2, 9);   // robust scaling centres the median on 0
        Assert.InRange(fromSpec.Report.Step("clip outliers of col_0").ValuesChanged, 2, 4);   // 1 % each side of 178 rows
        Assert.Equal(0, fromSpec.Report.Step("deduplicate").RowsDropped);
    }

    // Found by the fuzz tests: empty YAML entries came through as nulls and gave a NullReferenceException.
    [Theory]
    [InlineData("steps:\n  - step: impute\n  -\n", "step 2 is empty")]
    [InlineData("steps:\n  -\n", "step 1 is empty")]
    [InlineData("defaults: { age: }\nsteps:\n  - step: log\n    columns: [age]\n", "the default of 'age' is empty")]
    [InlineData("steps:\n  - step: log\n    columns: [age, ~]\n", "'columns:' has an empty entry")]
    [InlineData("steps:\n  - step: date_parts\n    column: d\n    parts: [~]\n", "'parts:' has an empty entry")]
    [InlineData("steps:\n  - step: pca\n    components: 2\n    except: [~]\n", "'except:' has an empty entry")]
    public void A_spec_with_an_empty_entry_says_which_one(string yaml, string expected)
    {
        Assert.Contains(expected, Assert.Throws<PipelineException>(() => PipelineSpec.Parse(yaml)).Message);
    }

    [Fact]
    public void A_bad_spec_says_which_step_and_what_to_write()
    {
        Assert.Contains("'sort' is not a step", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("steps:\n  - step: sort\n")).Message);
        Assert.Contains("step 1 (scale): 'fancy' is not a valid 'method'", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("steps:\n  - step: scale\n    method: fancy\n")).Message);
        Assert.Contains("line 3", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("steps:\n  - step: scale\n    colour: red\n")).Message);
        Assert.Contains("no steps", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("defaults: {}\n")).Message);
        // YamlDotNet refuses a tag that is not a URI with an ArgumentException, bare or wrapped (the bare one found by the fuzz test, seed 7BbXighSGNk1).
        Assert.Contains("Global tags must be valid URIs", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("steps: !<:> x\n")).Message);
        Assert.Contains("Global tags must be valid URIs", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("%TAG !e! tag:a[\n---\nsteps: !e!b x\n")).Message);
        Assert.Contains("needs 'column:'", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("steps:\n  - step: onehot\n")).Message);
    }
}
