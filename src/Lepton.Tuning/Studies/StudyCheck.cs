using System.Globalization;
using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Studies;

/// <summary>Checks and messages every study store shares, so each store refuses the same things in the same words.</summary>
public static class StudyCheck
{
    /// <summary>Refuses to resume <paramref name="existing"/> with another direction or space.</summary>
    /// <exception cref="StudyMismatchException">The direction or the space differs.</exception>
    public static void SameStudy(StudyInfo existing, StudyDirection direction, SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(space);
        if (existing.Direction != direction)
            throw new StudyMismatchException(existing.Name, $"The study '{existing.Name}' exists and {Verb(existing.Direction)}s its objective; this run would {Verb(direction)} it. Use another study name, or the same goal.");
        if (!existing.Space.SameAs(space))
            throw new StudyMismatchException(existing.Name, $"The study '{existing.Name}' exists with another search space ({Describe(existing.Space)}); this run searches {Describe(space)}. Use another study name to search a new space.");
    }

    /// <summary>The error of a trial failed because its worker's last heartbeat, at <paramref name="heartbeat"/>, is older than <paramref name="staleAfter"/>.</summary>
    public static string StaleError(DateTimeOffset heartbeat, TimeSpan staleAfter) => WorkerStoppedError(string.Create(CultureInfo.InvariantCulture,
        $"no heartbeat since {heartbeat:u} (more than {staleAfter.TotalSeconds:0.#} s)"));

    /// <summary>The error of a trial failed because its worker stopped (<paramref name="why"/>): its heartbeat went stale, or its machine left a cluster.</summary>
    public static string WorkerStoppedError(string why) => WorkerStopped + why;

    /// <summary>Whether <paramref name="trial"/> failed because its worker stopped, not because its objective failed: such a trial is worth running again.</summary>
    public static bool IsWorkerStopped(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial.State == TrialState.Failed && trial.Error is { } error && error.StartsWith(WorkerStopped, StringComparison.Ordinal);
    }

    private const string WorkerStopped = "its worker stopped: ";

    private static string Verb(StudyDirection d) => d == StudyDirection.Minimize ? "minimize" : "maximize";

    private static string Describe(SearchSpace space) => space.Count == 0 ? "no parameters" : string.Join(", ", space.Select(p => $"{p.Name} {p.Distribution}"));
}
