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
        var columns = await ReadSeriesAsync(_dialect, connection, runId, key, query, cancellationToken).ConfigureAwait(false);
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
    private static async Task<SeriesColumns> ReadSeriesAsync(SqlDialect dialect, DbConnection connection, string runId, string key, MetricSeriesQuery query, CancellationToken cancellationToken)
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

        // No ORDER BY: the columns are put in order afterwards when they need it (SeriesColumns.Order says why).
        command.CommandText = sql;
        var columns = new SeriesColumns();
        await dialect.ReadSeriesAsync(command, columns, cancellationToken).ConfigureAwait(false);
        columns.Order();
        return columns;
    }

    private static void Bind(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
