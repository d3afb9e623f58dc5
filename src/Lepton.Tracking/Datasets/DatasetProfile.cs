namespace Lepton.Tracking.Datasets;

/// <summary>
/// What a dataset held, small enough to keep with every run that used it and complete enough to compare two datasets
/// without their files: counts, spread, percentiles and frequent values per column. Recorded with
/// <see cref="ActiveRun.LogDatasetAsync(DatasetFingerprint, string, DatasetProfile, CancellationToken)"/>; compared with <see cref="DatasetDrift.Compare"/>.
/// </summary>
public sealed class DatasetProfile
{
    /// <summary>The percentiles a numeric column keeps: 0 %, 1 %, …, 100 %.</summary>
    public const int PercentileCount = 101;

    /// <summary>The most frequent values a column keeps.</summary>
    public const int MaxTopValues = 50;

    /// <summary>Rows (or examples) in the dataset.</summary>
    public required long Rows { get; init; }

    /// <summary>Rows that repeat an earlier row exactly, when known.</summary>
    public long? DuplicateRows { get; init; }

    /// <summary>Every column, in the dataset's order.</summary>
    public required IReadOnlyList<ProfiledColumn> Columns { get; init; }

    /// <summary>The named column, or null.</summary>
    public ProfiledColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>Throws <see cref="TrackingException"/> (Invalid) naming the first column whose figures cannot be a profile's.</summary>
    public void Validate()
    {
        if (Rows < 0) throw TrackingException.Invalid($"A dataset profile has {Rows} rows; a count cannot be negative.");
        ArgumentNullException.ThrowIfNull(Columns);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            ArgumentNullException.ThrowIfNull(column);
            if (string.IsNullOrEmpty(column.Name)) throw TrackingException.Invalid("A dataset profile has a column without a name.");
            if (!seen.Add(column.Name)) throw TrackingException.Invalid($"A dataset profile has two columns named '{column.Name}'.");
            column.Validate();
        }
    }
}
