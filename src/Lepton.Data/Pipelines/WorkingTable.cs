using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// A private copy of a table's rows in its own engine, rewritten step by step with SQL. Each rewrite keeps the row
/// order (<c>rowid</c> ascending), so order-based steps (forward fill, interpolation) see rows as in the file.
/// </summary>
internal sealed class WorkingTable : IDisposable
{
    private DuckSession? session;
    private readonly TableReadSummary source;
    private readonly bool ownsSession;

    private WorkingTable(DuckSession session, List<TableColumn> columns, long rowCount, TableReadSummary source, bool ownsSession = true)
    {
        this.session = session;
        this.ownsSession = ownsSession;
        Columns = columns;
        RowCount = rowCount;
        this.source = source;
    }

    public List<TableColumn> Columns { get; private set; }

    public long RowCount { get; private set; }

    public DuckSession Session => session ?? throw new InvalidOperationException("The working table was handed over already.");

    public const string Name = Table.StorageName;

    /// <summary>Copies a table (all rows, or those whose positions are given) into a new engine.</summary>
    public static WorkingTable CopyOf(Table table, IReadOnlyList<long>? rows = null)
    {
        if (rows is null) return Copy(table, table.RowCount, $"SELECT * FROM {Name} ORDER BY rowid");
        // The positions go in through the appender, not as a list literal in the SQL: the engine's parse of a literal
        // of 640,000 positions took more memory than the rows it picked.
        const string Positions = "__lepton_positions";
        table.Session.Execute($"CREATE OR REPLACE TEMP TABLE {Positions} (p BIGINT)");
        try
        {
            table.Session.Append(Positions, [rows.Select(r => (object?)r).ToArray()], rows.Count);
            // Positions, not rowids: a table whose reading deleted bad rows has gaps in its rowids.
            return Copy(table, rows.Count,
                $"SELECT * EXCLUDE (__lepton_position) FROM (SELECT *, row_number() OVER (ORDER BY rowid) - 1 AS __lepton_position FROM {Name}) " +
                $"SEMI JOIN {Positions} ON __lepton_position = {Positions}.p ORDER BY __lepton_position");
        }
        finally
        {
            table.Session.Execute($"DROP TABLE IF EXISTS {Positions}");
        }
    }

    /// <summary>Copies <paramref name="count"/> consecutive rows from position <paramref name="start"/> into a new engine.</summary>
    public static WorkingTable CopyOf(Table table, long start, long count) =>
        Copy(table, count, $"SELECT * FROM {Name} ORDER BY rowid LIMIT {count.ToString(CultureInfo.InvariantCulture)} OFFSET {start.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Copies a table with the values of <paramref name="column"/> shuffled across its rows (a permutation fixed by
    /// <paramref name="seed"/>) and every other column in place.
    /// </summary>
    public static WorkingTable ShuffledCopyOf(Table table, string column, int seed)
    {
        var name = Sql.Name(table.Column(column).Name);
        var order = $"SELECT *, row_number() OVER (ORDER BY rowid) AS __lepton_k FROM {Name}";
        var shuffled = $"SELECT {name} AS __lepton_v, row_number() OVER (ORDER BY hash(rowid, {seed.ToString(CultureInfo.InvariantCulture)}), rowid) AS __lepton_k FROM {Name}";
        return Copy(table, table.RowCount,
            $"SELECT o.* EXCLUDE (__lepton_k) REPLACE (s.__lepton_v AS {name}) FROM ({order}) o JOIN ({shuffled}) s ON o.__lepton_k = s.__lepton_k ORDER BY o.__lepton_k");
    }

    private static WorkingTable Copy(Table table, long rows, string select)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"lepton-pipe-{Guid.NewGuid():N}.parquet");
        // A large copy is stored on disk (see DuckSession.OnDiskFromBytes): the pipeline's steps widen it, and each
        // rewrite holds the old and the new table at once.
        var target = new DuckSession(onDisk: table.Session.OnDisk || rows * Math.Max(1, table.Columns.Count) * sizeof(double) >= DuckSession.OnDiskFromBytes);
        try
        {
            table.Session.Execute($"COPY ({select}) TO {Sql.Literal(temp)} (FORMAT parquet)");
            target.Execute($"CREATE TABLE {Name} AS SELECT * FROM read_parquet({Sql.Literal(temp)})");
            var count = Table.ToLong(target.Scalar($"SELECT count(*) FROM {Name}"));
            var working = new WorkingTable(target, [.. table.Columns], count, table.ReadSummary);
            working.RefreshStorage();
            return working;
        }
        catch
        {
            target.Dispose();
            throw;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// A working table over rows already in <paramref name="session"/>'s <see cref="Name"/> table (raw records loaded
    /// by the caller). The session stays the caller's: disposing the working table leaves it open.
    /// </summary>
    public static WorkingTable Over(DuckSession session, IReadOnlyList<TableColumn> columns, long rowCount)
    {
        var summary = new TableReadSummary { FilePath = "(records)", Format = TableFormat.JsonLines, RowsRead = rowCount, RowsKept = rowCount };
        var working = new WorkingTable(session, [.. columns], rowCount, summary, ownsSession: false);
        working.RefreshStorage();
        return working;
    }

    public bool Has(string column) => Columns.Any(c => c.Name == column);

    public TableColumn Column(string column) => Columns.FirstOrDefault(c => c.Name == column)
        ?? throw new PipelineException($"The table has no column '{column}'. Its columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>The numeric columns, or the given ones checked to exist.</summary>
    public IReadOnlyList<string> NumericOr(IReadOnlyList<string> given, params string[] except) =>
        given.Count > 0 ? given : Columns.Where(c => c.IsNumeric && !except.Contains(c.Name)).Select(c => c.Name).ToList();

    public object? Scalar(string sql) => Session.Scalar(sql);

    public List<object?[]> Rows(string sql) => Session.Rows(sql);

    public long Count(string where) => Table.ToLong(Session.Scalar($"SELECT count(*) FROM {Name} WHERE {where}"));

    /// <summary>
    /// Rewrites the table: columns in <paramref name="replaced"/> get a new expression (in place), those in
    /// <paramref name="removed"/> go, <paramref name="added"/> come last; <paramref name="where"/> or
    /// <paramref name="qualify"/> drop rows. Returns how many rows were dropped.
    /// </summary>
    public long Rewrite(
        IReadOnlyDictionary<string, string>? replaced = null,
        IReadOnlyList<(string Name, string Expression, ColumnKind Kind)>? added = null,
        IReadOnlyCollection<string>? removed = null,
        string? where = null,
        string? qualify = null,
        IReadOnlyDictionary<string, ColumnKind>? newKinds = null)
    {
        var select = new List<string>();
        var kinds = new List<(string Name, ColumnKind Kind)>();
        foreach (var c in Columns)
        {
            if (removed?.Contains(c.Name) == true) continue;
            if (replaced?.TryGetValue(c.Name, out var expression) == true)
                select.Add($"{expression} AS {Sql.Name(c.Name)}");
            else
                select.Add(Sql.Name(c.Name));
            kinds.Add((c.Name, newKinds?.TryGetValue(c.Name, out var k) == true ? k : c.Kind));
        }
        foreach (var (name, expression, kind) in added ?? [])
        {
            if (kinds.Any(k => k.Name == name))
                throw new PipelineException($"A step would add the column '{name}', but the table has one by that name already. Rename or remove it first.");
            select.Add($"{expression} AS {Sql.Name(name)}");
            kinds.Add((name, kind));
        }
        if (select.Count == 0) throw new PipelineException("A step would remove every column of the table.");
        var sql = $"CREATE OR REPLACE TABLE {Name} AS SELECT {string.Join(", ", select)} FROM {Name}"
            + (where is null ? "" : $" WHERE {where}")
            + (qualify is null ? "" : $" QUALIFY {qualify}")
            + " ORDER BY rowid";
        Session.Execute(sql);
        var before = RowCount;
        // Only a filter changes how many rows there are; every other rewrite keeps them all.
        if (where is not null || qualify is not null) RowCount = Table.ToLong(Session.Scalar($"SELECT count(*) FROM {Name}"));
        Columns = kinds.Select(k => new TableColumn(k.Name, k.Kind, "")).ToList();
        RefreshStorage();
        return before - RowCount;
    }

    /// <summary>Adds a BIGINT[] column computed in .NET (one list per row, in row order; null for none).</summary>
    public void AddListColumn(string column, IReadOnlyList<IReadOnlyList<int>?> values)
    {
        const string Temp = "__lepton_lists";
        Session.Execute($"CREATE OR REPLACE TEMP TABLE {Temp} (p BIGINT, v BIGINT[])");
        for (var start = 0; start < values.Count; start += 1000)
        {
            var rows = Enumerable.Range(start, Math.Min(1000, values.Count - start)).Select(i =>
                $"({i.ToString(CultureInfo.InvariantCulture)}, {(values[i] is { } list ? "[" + string.Join(',', list.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]::BIGINT[]" : "NULL")})");
            Session.Execute($"INSERT INTO {Temp} VALUES {string.Join(", ", rows)}");
        }
        Session.Execute($"CREATE OR REPLACE TABLE {Name} AS SELECT t.* EXCLUDE (__lepton_position), l.v AS {Sql.Name(column)} " +
            $"FROM (SELECT *, row_number() OVER (ORDER BY rowid) - 1 AS __lepton_position FROM {Name}) t LEFT JOIN {Temp} l ON l.p = t.__lepton_position ORDER BY t.__lepton_position");
        Session.Execute($"DROP TABLE {Temp}");
        Columns = [.. Columns, new TableColumn(column, ColumnKind.Text, "")];
        RefreshStorage();
    }

    /// <summary>Adds a column holding one value in every row (a configured default for a missing column).</summary>
    public void AddConstant(string column, string sqlValue, ColumnKind kind) =>
        Rewrite(added: [(column, sqlValue, kind)]);

    private void RefreshStorage()
    {
        var storage = Table.DescribeStorage(Session, CancellationToken.None).ToDictionary(s => s.Name, s => s.Type, StringComparer.Ordinal);
        Columns = Columns.Select(c => c with { StorageType = storage[c.Name] }).ToList();
    }

    /// <summary>Hands the engine over to a new <see cref="Table"/>; this working table is done.</summary>
    public Table ToTable()
    {
        var handed = Session;
        session = null;
        var summary = new TableReadSummary
        {
            FilePath = source.FilePath,
            Format = source.Format,
            RowsRead = RowCount,
            RowsKept = RowCount,
            Delimiter = source.Delimiter,
            HasHeader = source.HasHeader,
        };
        return new Table(handed, Columns, RowCount, summary);
    }

    public void Dispose()
    {
        if (ownsSession) session?.Dispose();
    }
}
