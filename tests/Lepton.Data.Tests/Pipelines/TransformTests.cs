using Lepton.Data.Pipelines;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Pipelines;

public sealed class TransformTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    private static void Near(double? expected, double? actual, double tolerance = 1e-9)
    {
        if (expected is null) { Assert.Null(actual); return; }
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected.Value - actual!.Value) <= tolerance, $"expected {expected}, got {actual}");
    }

    private static void Near(double?[] expected, double?[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Near(expected[i], actual[i]);
    }

    [Fact]
    public void Mean_median_mode_and_constant_imputation_use_training_values_and_count_fills()
    {
        using var train = csv.Read("a,b,c,d\n1,1,x,5\n2,,x,\n,10,y,7\n6,4,,\n");
        var fitted = Pipeline.Create()
            .Impute("a", Imputation.Mean).Impute("b", Imputation.Median).Impute("c", Imputation.Mode).Impute("d", -1.0)
            .Fit(train);
        using var result = fitted.Apply(train);
        Near([1, 2, 3, 6], Csv.Column(result.Table, "a"));
        Near([1, 4, 10, 4], Csv.Column(result.Table, "b"));
        Assert.Equal(new string?[] { "x", "x", "y", "x" }, result.Table.GetStrings("c"));
        Near([5, -1, 7, -1], Csv.Column(result.Table, "d"));
        Assert.Equal(1, result.Report.Step("impute a").ValuesChanged);
        Assert.Equal(2, result.Report.Step("impute d").ValuesChanged);
    }

    [Fact]
    public void Forward_backward_fill_and_linear_interpolation_follow_row_order()
    {
        using var table = csv.Read("x,y,z\n,,\n1,1,1\n,,\n,,\n4,4,4\n,,\n", new() { ["x"] = ColumnKind.Float, ["y"] = ColumnKind.Float, ["z"] = ColumnKind.Float });
        var fitted = Pipeline.Create().Impute("x", Imputation.ForwardFill).Impute("y", Imputation.BackwardFill).Impute("z", Imputation.Linear).Fit(table);
        using var result = fitted.Apply(table);
        Near([null, 1, 1, 1, 4, 4], Csv.Column(result.Table, "x"));
        Near([1, 1, 4, 4, 4, null], Csv.Column(result.Table, "y"));
        Near([1, 1, 2, 3, 4, 4], Csv.Column(result.Table, "z"));
        Assert.Equal(3, result.Report.Step("impute x").ValuesChanged);
        Assert.Contains("1 values left missing", result.Report.Step("impute x").ToString());
        Assert.Equal(4, result.Report.Step("impute z").ValuesChanged);
    }

    [Fact]
    public void Outliers_are_clipped_or_dropped_at_the_training_iqr_bounds()
    {
        // 1..9 and 100: Q1 = 3.25, Q3 = 7.75 (linear), IQR 4.5, bounds -3.5 and 14.5.
        var text = "v\n" + string.Join("\n", Enumerable.Range(1, 9).Append(100)) + "\n";
        using var table = csv.Read(text);
        using (var clipped = Pipeline.Create().Outliers("v", OutlierAction.Clip).Fit(table).Apply(table))
        {
            Assert.Equal(14.5, Csv.Column(clipped.Table, "v")[9]);
            Assert.Equal(1, clipped.Report.Steps[0].ValuesChanged);
        }
        using var dropped = Pipeline.Create().Outliers("v", OutlierAction.Drop).Fit(table).Apply(table, dropRows: true);
        Assert.Equal(9, dropped.Table.RowCount);
        Assert.Equal(1, dropped.Report.Steps[0].RowsDropped);
    }

    [Fact]
    public void Winsorizing_clips_at_training_quantiles()
    {
        using var table = csv.Read("v\n" + string.Join("\n", Enumerable.Range(0, 101)) + "\n");
        using var result = Pipeline.Create().Winsorize("v", 0.1, 0.9).Fit(table).Apply(table);
        var v = Csv.Column(result.Table, "v");
        Assert.Equal(10, v[0]);
        Assert.Equal(90, v[100]);
        Assert.Equal(50, v[50]);
        Assert.Equal(20, result.Report.Steps[0].ValuesChanged);
    }

    [Fact]
    public void Deduplication_keeps_the_first_of_equal_rows()
    {
        using var table = csv.Read("a,b\n1,x\n2,y\n1,x\n3,z\n2,y\n");
        using var result = Pipeline.Create().Deduplicate().Fit(table).Apply(table, dropRows: true);
        Assert.Equal(3, result.Table.RowCount);
        Assert.Equal(2, result.Report.Steps[0].RowsDropped);
        Assert.Equal(new string?[] { "x", "y", "z" }, result.Table.GetStrings("b"));
    }

    [Fact]
    public void Scalers_match_hand_computed_values()
    {
        using var train = csv.Read("s,m,r,q\n1,0,1,0\n2,10,2,50\n3,5,3,100\n,,4,\n,,5,\n");
        using var test = csv.Read("s,m,r,q\n4,5,5,25\n");
        var pipeline = Pipeline.Create().Scale(Scaling.Standard, "s").Scale(Scaling.MinMax, "m").Scale(Scaling.Robust, "r").Scale(Scaling.Quantile, "q").Fit(train);
        using var result = pipeline.Apply(test);
        Near((4 - 2) / Math.Sqrt(2.0 / 3), Csv.Column(result.Table, "s")[0]);
        Near(0.5, Csv.Column(result.Table, "m")[0]);
        Near(1, Csv.Column(result.Table, "r")[0]);   // median 3, IQR 4 - 2
        Near(0.25, Csv.Column(result.Table, "q")[0]);
    }

    [Fact]
    public void Log_is_log1p_and_reports_values_without_a_logarithm()
    {
        using var table = csv.Read($"v\n0\n{Math.E - 1:R}\n-2\n");
        using var result = Pipeline.Create().Log("v").Fit(table).Apply(table);
        Near([0, 1, null], Csv.Column(result.Table, "v"));
        Assert.Contains("1 values ≤ −1 set missing", result.Report.Steps[0].ToString());
    }

    [Fact]
    public void Date_parts_replace_the_date_column()
    {
        using var table = csv.Read("when,v\n2024-03-15 13:45:00,1\n2023-12-31 00:00:00,2\n");
        using var result = Pipeline.Create().DateParts("when", DatePart.Year, DatePart.Month, DatePart.Day, DatePart.DayOfWeek, DatePart.Hour).Fit(table).Apply(table);
        Assert.Equal(["v", "when_year", "when_month", "when_day", "when_day_of_week", "when_hour"], result.Table.Columns.Select(c => c.Name));
        Assert.Equal([2024, 2023], Csv.Column(result.Table, "when_year"));
        Assert.Equal([3, 12], Csv.Column(result.Table, "when_month"));
        Assert.Equal([15, 31], Csv.Column(result.Table, "when_day"));
        Assert.Equal([5, 0], Csv.Column(result.Table, "when_day_of_week"));   // Friday, Sunday
        Assert.Equal([13, 0], Csv.Column(result.Table, "when_hour"));
    }

    [Fact]
    public void Variance_threshold_and_correlation_filter_remove_the_columns_fitted_on_training_data()
    {
        using var train = csv.Read("a,b,c,d\n1,2,7,1\n2,4,7,0\n3,6,7,1\n4,8,7,1\n");
        var fitted = Pipeline.Create().VarianceThreshold(0).CorrelationFilter(0.95).Fit(train);
        Assert.Equal(["a", "d"], fitted.OutputColumns);
        using var test = csv.Read("a,b,c,d\n1,5,3,2\n");   // in test, b is no longer a multiple of a: still removed
        using var result = fitted.Apply(test);
        Assert.Equal(["a", "d"], result.Table.Columns.Select(c => c.Name));
        Assert.Equal(["c"], result.Report.Steps[0].ColumnsRemoved);
        Assert.Equal(["b"], result.Report.Steps[1].ColumnsRemoved);
    }

    [Fact]
    public void Pca_projects_onto_the_main_axis_of_the_training_data()
    {
        // Points on y = x: one component along (1, 1)/√2 with variance 2·(2/3).
        using var train = csv.Read("x,y\n1,1\n2,2\n3,3\n");
        var fitted = Pipeline.Create().Pca(1).Fit(train);
        using var test = csv.Read("x,y\n3,3\n2,4\n");
        using var result = fitted.Apply(test);
        Assert.Equal(["pc1"], result.Table.Columns.Select(c => c.Name));
        Near([Math.Sqrt(2), Math.Sqrt(2)], Csv.Column(result.Table, "pc1"));
    }

    [Fact]
    public void Polynomial_and_interaction_features_are_products()
    {
        using var table = csv.Read("a,b\n2,3\n");
        using var poly = Pipeline.Create().Polynomial(["a", "b"]).Fit(table).Apply(table);
        Assert.Equal(["a", "b", "a^2", "a*b", "b^2"], poly.Table.Columns.Select(c => c.Name));
        Assert.Equal([4.0, 6.0, 9.0], new[] { "a^2", "a*b", "b^2" }.Select(c => Csv.Column(poly.Table, c)[0]!.Value));
        using var inter = Pipeline.Create().Polynomial(["a", "b"], interactionOnly: true).Fit(table).Apply(table);
        Assert.Equal(["a", "b", "a*b"], inter.Table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void The_input_table_is_left_unchanged()
    {
        using var table = csv.Read("a\n1\n\n3\n");
        using var result = Pipeline.Create().Impute("a", Imputation.Mean).Fit(table).Apply(table);
        Assert.Null(table.GetDoubles("a")[1]);
        Assert.Equal(2, result.Table.GetDoubles("a")[1]);
    }
}
