namespace Lepton.Tracking.Studies;

/// <summary>A hyperparameter study as the tracking database keeps it (the tuner reads its direction and space).</summary>
/// <param name="Id">The database's id of the study.</param>
/// <param name="Name">Its name, unique in the database.</param>
/// <param name="Direction">Whether it looks for low or high values: <c>minimize</c> or <c>maximize</c>.</param>
/// <param name="Space">Its search space as JSON.</param>
/// <param name="Created">When it was created.</param>
public sealed record StudyEntry(long Id, string Name, string Direction, string Space, DateTimeOffset Created);
