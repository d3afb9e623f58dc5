using Lepton.Data.Tables;
using Lepton.Data.Tests.Pipelines;

namespace Lepton.Data.Tests.Tables;

/// <summary>Rows leave a table only when asked, and the caller learns how many left.</summary>
public sealed class RowDroppingTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    private const string People = "name,age,city,churn\nAnn,34,Lyon,yes\nBob,,Paris,no\nCy,51,Lyon,\nDi,17,Nice,no\nEd,40,,yes\n";

    [Fact]
    public void Drop_missing_removes_rows_missing_any_named_column_and_counts_them()
    {
        using var table = csv.Read(People);

        Assert.Equal(1, table.DropMissing("churn"));
        Assert.Equal(4, table.RowCount);
        Assert.Equal(["Ann", "Bob", "Di", "Ed"], table.GetStrings("name").AsEnumerable());

        Assert.Equal(2, table.DropMissing("age", "city"));
        Assert.Equal(["Ann", "Di"], table.GetStrings("name").AsEnumerable());
        Assert.Equal(0, table.DropMissing("churn"));
    }

    [Fact]
    public void Drop_missing_names_a_column_the_table_lacks()
    {
        using var table = csv.Read(People);
        var error = Assert.Throws<KeyNotFoundException>(() => table.DropMissing("target"));
        Assert.Contains("'target'", error.Message);
        Assert.Contains("name, age, city, churn", error.Message);
        Assert.Throws<ArgumentException>(() => table.DropMissing());
    }

    [Fact]
    public void Filter_keeps_the_rows_the_condition_holds_for_and_drops_unknowns()
    {
        using var table = csv.Read(People);

        // Bob's age is missing: "age >= 18" is unknown for him, and he goes, as in SQL.
        Assert.Equal(2, table.Filter("age >= 18"));
        Assert.Equal(["Ann", "Cy", "Ed"], table.GetStrings("name").AsEnumerable());
        Assert.Equal(1, table.Filter("city <> 'Paris' AND \"name\" LIKE '%n' OR city = 'Lyon' AND churn IS NULL"));
        Assert.Equal(["Ann", "Cy"], table.GetStrings("name").AsEnumerable());
    }

    [Theory]
    [InlineData("agee > 3", "'agee'")]
    [InlineData("age > 3 AND \"City\" = 'Lyon' AND town = 'x'", "'town'")]
    [InlineData("\"Lyon\" = city", "'Lyon'")]
    public void Filter_names_a_column_the_table_lacks(string predicate, string named)
    {
        using var table = csv.Read(People);
        var error = Assert.Throws<ArgumentException>(() => table.Filter(predicate));
        Assert.Contains($"names the column {named}, which the table does not have", error.Message);
        Assert.Contains("Its columns: name, age, city, churn", error.Message);
        Assert.Equal(5, table.RowCount);
    }

    [Theory]
    [InlineData("age > 3; DROP TABLE lepton_table", "not one SQL condition")]
    [InlineData("age > 3 ORDER BY age", "not one SQL condition")]
    [InlineData("age IN (SELECT 1)", "reads more than the row")]
    [InlineData("age > (SELECT count(*) FROM read_csv('/etc/passwd'))", "reads more than the row")]
    [InlineData("age >", "is not a SQL condition")]
    [InlineData("", "empty")]
    public void Filter_refuses_what_is_not_one_condition_on_the_row(string predicate, string reason)
    {
        using var table = csv.Read(People);
        var error = Assert.Throws<ArgumentException>(() => table.Filter(predicate));
        Assert.Contains(reason, error.Message);
        Assert.Equal(5, table.RowCount);
    }

    [Fact]
    public void A_filter_that_does_not_run_on_the_columns_says_so()
    {
        using var table = csv.Read(People);
        var error = Assert.Throws<ArgumentException>(() => table.Filter("name + 1 > 2"));
        Assert.Contains("does not run on this table", error.Message);
        Assert.Equal(5, table.RowCount);
    }
}
