namespace Lepton.Tracking.Datasets;

/// <summary>Everything recorded about one dataset content (one hash): the names it was recorded under, its profile and the runs that used it.</summary>
/// <param name="Hash">The content hash.</param>
/// <param name="Recorded">Each name it was recorded under, with rows and schema.</param>
/// <param name="Profile">Its profile, when one was recorded.</param>
/// <param name="Uses">The runs that used it, newest first (at most 500).</param>
public sealed record DatasetDetails(string Hash, IReadOnlyList<DatasetFingerprint> Recorded, DatasetProfile? Profile, IReadOnlyList<DatasetUse> Uses);
