namespace Lepton.Data.Datasets;

/// <summary>One dataset of the <see cref="DatasetCatalog"/>: what it holds and where its files are.</summary>
public sealed record DatasetInfo
{
    /// <summary>The name to load it by, e.g. <c>iris</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One or two sentences on what the data is and what it is for.</summary>
    public required string Description { get; init; }

    /// <summary>Whether it is a table (<see cref="DatasetCatalog.Load"/>) or images (<see cref="DatasetCatalog.LoadImages"/>).</summary>
    public required bool IsTabular { get; init; }

    /// <summary>Rows (examples) in the whole dataset.</summary>
    public required int Rows { get; init; }

    /// <summary>The feature columns, in order (for images, a description of the pixels).</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The column to predict.</summary>
    public required string Target { get; init; }

    /// <summary>The target's class names, in label order; empty for a regression target.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>The files the data is read from.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The Debian/Ubuntu package that installs the files.</summary>
    public required string Package { get; init; }

    /// <summary>Whether every file is present.</summary>
    public bool IsInstalled => Files.All(File.Exists);
}
