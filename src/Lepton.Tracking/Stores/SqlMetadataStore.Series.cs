using System.Data.Common;
using Lepton.Tracking.Comparison;

namespace Lepton.Tracking.Stores;

public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public async Task<MetricSeries> GetMetricSeriesAsync(string runId, string key, MetricSeriesQuery query, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        Names.CheckKey(key, "metric");
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var columns = await ReadSeriesAsync(connection, runId, key, query, cancellationToken).ConfigureAwait(false);
        if (columns.Count == 0) await RequireRunAsync(connection, null, runId, cancellationToken).ConfigureAwait(false);
        var kept = query.MaxPoints is { } most ? CurveThinning.KeptIndices(columns.Values.AsSpan(0, columns.Count), most) : null;
        var points = new List<MetricPoint>(kept?.Count ?? columns.Count);
        if (kept is null)
        {
            for (var i = 0; i < columns.Count; i++) points.Add(columns.Point(key, i));
        }
        else
        {
            foreach (var i in kept) points.Add(columns.Point(key, i));
        }

        return new MetricSeries(key, columns.Count, points);
    }

    // A plain reader over the four columns a point needs into arrays: no row objects for the points thinning drops.
    private static async Task<SeriesColumns> ReadSeriesAsync(DbConnection connection, string runId, string key, MetricSeriesQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var sql = "SELECT step, measured_at, value, epoch FROM metrics WHERE run_id = @run AND key = @key";
        Bind(command, "run", runId);
        Bind(command, "key", key);
        if (query.MinStep is { } min)
        {
            sql += " AND step >= @min";
            Bind(command, "min", min);
        }

        if (query.MaxStep is { } max)
        {
            sql += " AND step <= @max";
            Bind(command, "max", max);
        }

        // By step alone the index gives the order with no sort; the rare points logged twice at a step are put in time
        // order afterwards, which is the history's order (step, then time).
        command.CommandText = sql + " ORDER BY step";
        var columns = new SeriesColumns();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // NULL is NaN on SQLite, which cannot store it.
            columns.Add(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2), reader.IsDBNull(3) ? null : (int)reader.GetInt64(3));
        }

        columns.OrderTiesByTime();
        return columns;
    }

    private static void Bind(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A metric's points as columns, grown as they are read.</summary>
    private sealed class SeriesColumns
    {
        private long[] _steps = new long[1024];
        private long[] _times = new long[1024];
        private int?[] _epochs = new int?[1024];
        private bool _tiesOutOfOrder;

        public double[] Values { get; private set; } = new double[1024];

        public int Count { get; private set; }

        public void Add(long step, long time, double value, int? epoch)
        {
            if (Count == _steps.Length)
            {
                var size = Count * 2;
                Array.Resize(ref _steps, size);
                Array.Resize(ref _times, size);
                Array.Resize(ref _epochs, size);
                var values = Values;
                Array.Resize(ref values, size);
                Values = values;
            }

            if (Count > 0 && step == _steps[Count - 1] && time < _times[Count - 1]) _tiesOutOfOrder = true;
            _steps[Count] = step;
            _times[Count] = time;
            _epochs[Count] = epoch;
            Values[Count] = value;
            Count++;
        }

        /// <summary>Puts points of the same step in time order (stable); points arrive in step order.</summary>
        public void OrderTiesByTime()
        {
            if (!_tiesOutOfOrder) return;
            for (var i = 1; i < Count; i++)
            {
                var (step, time, epoch, value) = (_steps[i], _times[i], _epochs[i], Values[i]);
                var j = i - 1;
                for (; j >= 0 && _steps[j] == step && _times[j] > time; j--)
                {
                    (_steps[j + 1], _times[j + 1], _epochs[j + 1], Values[j + 1]) = (_steps[j], _times[j], _epochs[j], Values[j]);
                }

                (_steps[j + 1], _times[j + 1], _epochs[j + 1], Values[j + 1]) = (step, time, epoch, value);
            }
        }

        public MetricPoint Point(string key, int i) => new(key, Values[i], _steps[i], _epochs[i], SqlTime.From(_times[i]));
    }
}
