using System.Collections.Concurrent;
using DuckDB.NET.Data;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// A small bounded pool of engines that turn raw records into features, kept with a loaded model so a request pays
/// for appending its rows and running the steps, not for opening an engine and reading a file. Each engine serves
/// one caller at a time; callers beyond the bound wait for one to come back. An engine that met an error is closed,
/// not reused, so no half-finished state reaches the next caller.
/// </summary>
internal sealed class RecordEngines : IDisposable
{
    // Records come a request at a time (at most a few thousand rows): a capped engine on one thread is quickest.
    private const string MemoryLimit = "512MB";
    private const string Placeholder = "__lepton_row";

    private readonly ConcurrentBag<DuckSession> idle = [];
    private readonly SemaphoreSlim slots;
    private readonly Lock gate = new();
    private bool disposed;

    public RecordEngines(int maxEngines)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEngines);
        MaxEngines = maxEngines;
        slots = new SemaphoreSlim(maxEngines, maxEngines);
    }

    /// <summary>How many engines may exist at once (and so how many callers run at once).</summary>
    public int MaxEngines { get; }

    /// <summary>Engines open and waiting for a caller.</summary>
    public int Idle => idle.Count;

    public float[] Features(FittedPipeline pipeline, IReadOnlyList<string> features, RecordColumns records)
    {
        slots.Wait();
        DuckSession? session = null;
        var reusable = false;
        try
        {
            lock (gate) ObjectDisposedException.ThrowIf(disposed, this);
            session = idle.TryTake(out var waiting) ? waiting : new DuckSession(MemoryLimit, threads: 1);
            var values = Run(session, pipeline, features, records);
            reusable = true;
            return values;
        }
        finally
        {
            if (session is not null) Return(session, reusable);
            slots.Release();
        }
    }

    private static float[] Run(DuckSession session, FittedPipeline pipeline, IReadOnlyList<string> features, RecordColumns records)
    {
        try
        {
            // A table needs a column: when no record names an input column, a placeholder holds the rows until the
            // pipeline's defaults replace it or a step names the column it misses.
            var definitions = records.Columns.Count > 0
                ? records.Columns.Select(c => $"{Sql.Name(c.Name)} {c.StorageType}")
                : [$"{Placeholder} BOOLEAN"];
            session.Execute($"CREATE OR REPLACE TABLE {Table.StorageName} ({string.Join(", ", definitions)})");
            session.Append(Table.StorageName, records.Columns.Count > 0 ? records.Values : [new object?[records.RowCount]], records.RowCount);
            using var working = WorkingTable.Over(session, records.Columns, records.RowCount);
            pipeline.Run(working, dropRows: false);
            var values = FeatureValues.Read(session, working.Columns, working.RowCount, features);
            session.Execute($"DROP TABLE {Table.StorageName}");
            return values;
        }
        catch (DuckDBException e)
        {
            throw new PipelineException($"The records cannot be prepared: {e.Message.Split('\n')[0]} Give each column the kind of values the training table had.", e);
        }
    }

    private void Return(DuckSession session, bool reusable)
    {
        lock (gate)
        {
            if (reusable && !disposed)
            {
                idle.Add(session);
                return;
            }
        }
        session.Dispose();
    }

    /// <summary>Closes the idle engines; one in use is closed when its caller is done.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
        }
        while (idle.TryTake(out var session)) session.Dispose();
    }
}
