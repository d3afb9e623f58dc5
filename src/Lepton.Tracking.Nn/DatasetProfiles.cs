using Lepton.Data;
using Lepton.Data.Tables;
using Lepton.Tracking.Datasets;
using TorchSharp;

namespace Lepton.Tracking;

/// <summary>Profiles of tables (<see cref="Table"/>) to record with the runs that use them.</summary>
public static class DatasetProfiles
{
    private static readonly double[] Percentiles = Enumerable.Range(0, DatasetProfile.PercentileCount).Select(i => i / 100.0).ToArray();

    extension(DatasetProfile)
    {
        /// <summary>
        /// The profile of a table: <paramref name="profile"/>'s counts and spread (computed when not given), with
        /// each numeric column's percentiles and each column's most frequent values read from the engine, so that
        /// two recorded datasets can be compared for drift without their files.
        /// </summary>
        public static DatasetProfile FromTable(Table table, TableProfile? profile = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(table);
            profile ??= table.Profile(cancellationToken: cancellationToken);
            var columns = new List<ProfiledColumn>(profile.Columns.Count);
            var numbers = table.Quantiles(profile.Columns.Where(c => c.Kind is ColumnKind.Integer or ColumnKind.Float && c.Count > 0).Select(c => c.Name).ToList(), Percentiles, cancellationToken);
            foreach (var column in profile.Columns)
            {
                var percentiles = numbers.TryGetValue(column.Name, out var found) ? Rising(found) : [];
                // Identifiers and free text have as many values as rows: their frequent values say nothing and would only grow the record.
                var top = column.Kind is ColumnKind.Identifier or ColumnKind.Text || column.Count == 0
                    ? []
                    : column.TopValues.Count >= Math.Min(column.Distinct, DatasetProfile.MaxTopValues)
                        ? column.TopValues.Take(DatasetProfile.MaxTopValues).ToList()
                        : table.TopValues(column.Name, DatasetProfile.MaxTopValues, cancellationToken);
                columns.Add(new ProfiledColumn
                {
                    Name = column.Name,
                    Kind = column.Kind.ToString().ToLowerInvariant(),
                    Count = column.Count,
                    Missing = column.Missing,
                    Distinct = column.Distinct,
                    Mean = Finite(column.Mean),
                    StandardDeviation = Finite(column.StandardDeviation),
                    Min = Finite(column.Min),
                    Max = Finite(column.Max),
                    Percentiles = percentiles.Count == DatasetProfile.PercentileCount && percentiles.All(double.IsFinite) ? percentiles : null,
                    Histogram = column.Histogram.All(b => double.IsFinite(b.Lower) && double.IsFinite(b.Upper))
                        ? column.Histogram.Select(b => new ProfileBin(b.Lower, b.Upper, b.Count)).ToList()
                        : [],
                    TopValues = top.Select(v => new ProfileValue(v.Value, v.Count)).ToList(),
                });
            }
            return new DatasetProfile { Rows = profile.RowCount, DuplicateRows = profile.DuplicateRows, Columns = columns };
        }

        /// <summary>
        /// The class balance of datasets held as tensors whose targets are class indices (an image dataset): one
        /// categorical column, <paramref name="column"/>, with each class's count over all of <paramref name="datasets"/>
        /// (a training set and its validation part, say), read batch by batch.
        /// </summary>
        /// <exception cref="ArgumentException">A dataset's targets are not one class index per example, or an index is not one of the classes.</exception>
        public static DatasetProfile FromClassIndices(IReadOnlyList<string> classNames, IEnumerable<Dataset> datasets, string column = "class")
        {
            ArgumentNullException.ThrowIfNull(classNames);
            ArgumentNullException.ThrowIfNull(datasets);
            var counts = new long[classNames.Count];
            const int batch = 4096;
            var indices = new int[batch];
            foreach (var dataset in datasets)
            {
                if (dataset.TargetShape is not { Rank: 0 })
                    throw new ArgumentException($"Class counts need one class index per example; this dataset's targets {(dataset.TargetShape is null ? "are missing" : $"have shape {dataset.TargetShape}")}.", nameof(datasets));
                for (var start = 0; start < dataset.Count; start += batch)
                {
                    var count = Math.Min(batch, dataset.Count - start);
                    for (var i = 0; i < count; i++) indices[i] = start + i;
                    using var scope = torch.NewDisposeScope();
                    using var data = dataset.GetBatch(indices.AsSpan(0, count));
                    foreach (var label in data.Target!.to_type(torch.ScalarType.Int64).cpu().data<long>())
                    {
                        if (label < 0 || label >= counts.Length) throw new ArgumentException($"A target is class {label}; there are {counts.Length} classes.", nameof(datasets));
                        counts[label]++;
                    }
                }
            }
            return FromClassCounts(classNames, counts);
        }

        /// <summary>
        /// The profile of labelled examples without columns to profile (images): one categorical column,
        /// <paramref name="column"/>, with each class's count, so that two datasets' class balance can be compared.
        /// </summary>
        public static DatasetProfile FromClassCounts(IReadOnlyList<string> classNames, IReadOnlyList<long> counts, string column = "class")
        {
            ArgumentNullException.ThrowIfNull(classNames);
            ArgumentNullException.ThrowIfNull(counts);
            if (counts.Count != classNames.Count) throw new ArgumentException($"There are {classNames.Count} classes but {counts.Count} counts.", nameof(counts));
            if (counts.Any(c => c < 0)) throw new ArgumentOutOfRangeException(nameof(counts), "A class count is negative.");
            var top = classNames.Select((name, i) => new ProfileValue(name, counts[i])).Where(v => v.Count > 0)
                .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(DatasetProfile.MaxTopValues).ToList();
            var rows = counts.Sum();
            return new DatasetProfile
            {
                Rows = rows,
                Columns = [new ProfiledColumn { Name = column, Kind = "categorical", Count = rows, Missing = 0, Distinct = counts.Count(c => c > 0), TopValues = top }],
            };
        }
    }

    /// <summary>The estimates above 100,000 rows may dip by a rounding; a profile's percentiles never fall.</summary>
    private static List<double> Rising(IReadOnlyList<double> values)
    {
        var rising = new List<double>(values.Count);
        foreach (var v in values) rising.Add(rising.Count == 0 ? v : Math.Max(rising[^1], v));
        return rising;
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
