using System.Collections.Concurrent;
using Lepton.Tuning;
using Lepton.Tuning.Studies;

namespace Lepton.Cluster.Tuning;

/// <summary>
/// The studies one silo has opened, by name: each built once from its submission by the objective registered for it,
/// on the thread pool (reading a table must not hold a grain's turn), and opened in the silo's study store.
/// </summary>
internal sealed class StudyCatalog(IEnumerable<IClusterObjective> objectives, IStudyStore store) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<OpenedStudy>>> studies = new(StringComparer.Ordinal);

    public Task<OpenedStudy> OpenAsync(StudySubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var opening = studies.AddOrUpdate(submission.Name,
            _ => Open(submission),
            // The same study submitted again with other settings (more trials, say) is opened afresh.
            (_, known) => known.IsValueCreated && known.Value.IsCompletedSuccessfully && known.Value.Result.Submission != submission ? Open(submission) : known);
        return ForgetOnFailureAsync(submission.Name, opening);
    }

    private Lazy<Task<OpenedStudy>> Open(StudySubmission submission) => new(() => Task.Run(() => OpenCoreAsync(submission)));

    private async Task<OpenedStudy> ForgetOnFailureAsync(string name, Lazy<Task<OpenedStudy>> opening)
    {
        try
        {
            return await opening.Value.ConfigureAwait(false);
        }
        catch
        {
            // A submission that failed to open (a bad spec, a table not found) is tried afresh next time.
            studies.TryRemove(new KeyValuePair<string, Lazy<Task<OpenedStudy>>>(name, opening));
            throw;
        }
    }

    private async Task<OpenedStudy> OpenCoreAsync(StudySubmission submission)
    {
        var objective = objectives.FirstOrDefault(o => o.Kind == submission.Objective)
            ?? throw new InvalidOperationException($"This silo has no objective '{submission.Objective}' for study '{submission.Name}'; it knows {string.Join(", ", objectives.Select(o => o.Kind))}.");
        var study = objective.Open(submission, CancellationToken.None);
        try
        {
            var options = study.Options with
            {
                StudyName = submission.Name,
                Store = store,
                Trials = submission.Trials ?? study.Options.Trials,
                HeartbeatInterval = submission.HeartbeatSeconds is { } s ? TimeSpan.FromSeconds(s) : study.Options.HeartbeatInterval,
                MaxParallel = 1,
            };
            var tuner = new Tuner(options);
            var info = await store.OpenStudyAsync(submission.Name, options.Direction, study.Space).ConfigureAwait(false);
            return new OpenedStudy(submission, study, tuner, info);
        }
        catch
        {
            study.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var opening in studies.Values)
            if (opening.IsValueCreated && opening.Value.IsCompletedSuccessfully) opening.Value.Result.Study.Dispose();
    }
}
