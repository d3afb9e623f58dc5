using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

public sealed class TableSamplingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Quantiles_of_several_columns_are_interpolated_as_numpy_does_and_need_numbers()
    {
        using var table = Table.Read(folder.Write("q.csv", "x,y,name\n1,10,a\n2,20,b\n3,,c\n4,40,d\n"));

        var q = table.Quantiles(["x", "y"], [0, 0.5, 0.9, 1]);

        Assert.Equal([1, 2.5, 3.7, 4], q["x"].Select(v => Math.Round(v, 9)));   // numpy: 1 + 0.9·3 = 3.7
        Assert.Equal([10, 20, 36, 40], q["y"].Select(v => Math.Round(v, 9)));   // the missing value left out
        Assert.Contains("'name'", Assert.Throws<ArgumentException>(() => table.Quantiles(["name"], [0.5])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => table.Quantiles(["x"], [1.5]));
    }

    [Fact]
    public void SampleDoubles_keeps_rows_where_every_column_has_a_value_and_repeats_with_the_same_seed()
    {
        using var table = Table.Read(folder.Write("pairs.csv", "x,y\n1,10\n2,\n3,30\n,40\n5,50\n"));

        var all = table.SampleDoubles(["x", "y"], rows: 10);
        Assert.Equal(2, all.Length);
        Assert.Equal([1.0, 3.0, 5.0], all[0].Order());
        Assert.Equal(all[0].Select(x => x * 10).Order(), all[1].Order());

        var some = table.SampleDoubles(["x", "y"], rows: 2, seed: 7);
        Assert.Equal(2, some[0].Length);
        Assert.Equal(some[0], table.SampleDoubles(["x", "y"], rows: 2, seed: 7)[0]);
        Assert.Throws<KeyNotFoundException>(() => table.SampleDoubles(["x", "nope"], rows: 2));
    }

    [Fact]
    public void DateHistogram_spans_earliest_to_latest_and_counts_every_date()
    {
        using var table = Table.Read(folder.Write("dates.csv", "d\n2024-01-01\n2024-01-02\n2024-01-03\n\n2024-01-05\n"));

        var bins = table.DateHistogram("d", bins: 4);

        Assert.Equal(4, bins.Count);
        Assert.Equal(new DateTime(2024, 1, 1).ToOADate(), bins[0].Lower, 9);
        Assert.Equal(new DateTime(2024, 1, 5).ToOADate(), bins[^1].Upper, 9);
        Assert.Equal([1L, 1L, 1L, 1L], bins.Select(b => b.Count));
    }

    [Fact]
    public void MemoryBytes_is_positive_for_a_loaded_table()
    {
        using var table = Table.Read(folder.Write("m.csv", "a\n1\n2\n"));
        Assert.True(table.MemoryBytes() is null or > 0);
    }

    [Fact]
    public void WithShuffledColumn_permutes_one_column_keeps_the_others_in_place_and_repeats_with_the_same_seed()
    {
        var csv = "id,x,name\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{(i % 7 == 0 ? "" : (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture))},n{i}\n"));
        using var table = Table.Read(folder.Write("shuffle.csv", csv));

        using var shuffled = table.WithShuffledColumn("x", seed: 3);
        using var again = table.WithShuffledColumn("x", seed: 3);
        using var other = table.WithShuffledColumn("x", seed: 4);

        Assert.Equal(table.GetInt64s("id"), shuffled.GetInt64s("id"));
        Assert.Equal(table.GetStrings("name"), shuffled.GetStrings("name"));
        Assert.Equal(table.Column("x").Kind, shuffled.Column("x").Kind);
        var before = table.GetDoubles("x");
        var after = shuffled.GetDoubles("x");
        Assert.Equal(before.Order(), after.Order());                   // the same values, missing ones included
        Assert.True(before.Zip(after).Count(p => p.First == p.Second) < 10, "most values should move");
        Assert.Equal(after, again.GetDoubles("x"));
        Assert.NotEqual(after, other.GetDoubles("x"));
        Assert.Contains("'nope'", Assert.Throws<KeyNotFoundException>(() => table.WithShuffledColumn("nope", 1)).Message, StringComparison.Ordinal);
    }
}
