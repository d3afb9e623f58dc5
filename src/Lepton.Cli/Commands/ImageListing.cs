namespace Lepton.Cli.Commands;

/// <summary>An image folder's root and its images with their classes, as an evaluation's dataset fingerprint lists them.</summary>
internal sealed record ImageListing(string Root, IReadOnlyList<(string Path, string Label)> Images);
