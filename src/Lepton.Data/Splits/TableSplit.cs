using Lepton.Data.Pipelines;
using Lepton.Data.Tables;

namespace Lepton.Data.Splits;

/// <summary>A table split into a training and a test table (copies, in the original row order). Disposing frees both.</summary>
public sealed class TableSplit : IDisposable
{
    private TableSplit(Table train, Table test, SplitIndices indices)
    {
        Train = train;
        Test = test;
        Indices = indices;
    }

    /// <summary>The training rows.</summary>
    public Table Train { get; }

    /// <summary>The test rows.</summary>
    public Table Test { get; }

    /// <summary>Which rows of the source went where.</summary>
    public SplitIndices Indices { get; }

    /// <summary>Copies the rows of a split (e.g. one k-fold fold) out of a table.</summary>
    public static TableSplit Take(Table table, SplitIndices indices)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(indices);
        var train = Rows(table, indices.Train);
        try
        {
            return new TableSplit(train, Rows(table, indices.Test), indices);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>A new table holding the rows at these positions, in their original order.</summary>
    public static Table Rows(Table table, IReadOnlyList<long> rows)
    {
        using var working = WorkingTable.CopyOf(table, rows);
        return working.ToTable();
    }

    /// <summary>Frees both tables.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
