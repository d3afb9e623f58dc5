using System.Globalization;
using Lepton.Tracking;
using Lepton.Training.Tuning;
using Lepton.Tuning;
using Lepton.Tuning.Studies;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>
/// <c>lepton tune</c> on a study that is done: it has every trial asked for, none running, and its best trial's model is
/// registered. Then the command shows the study and that version instead of training and registering the same model
/// again; a larger <c>--trials</c> goes on with the study. A study whose model was never registered (the run stopped
/// before the final training) goes on to train and register it.
/// </summary>
internal static class TuneResume
{
    public static async Task<bool> ShowIfCompleteAsync(IAnsiConsole console, TrackingClient tracking, IStudyStore store, TuneSettings settings, SpecTuner tuner, TunerOptions options,
        CancellationToken cancellationToken)
    {
        if (await store.FindStudyAsync(settings.Study, cancellationToken) is not { } study) return false;
        try
        {
            StudyCheck.SameStudy(study, tuner.Direction, tuner.Space);
        }
        catch (StudyMismatchException e)
        {
            throw new CliException(e.Message);
        }

        var limit = new Tuner(options).TrialLimit(study.Space);
        var result = await Tuner.LoadAsync(store, settings.Study, cancellationToken);
        if (result.Trials.Count < limit || result.Trials.Any(t => !t.IsFinished) || result.Best is not { } best) return false;
        if (await RegisteredAsync(tracking, settings.Study, best.Number, cancellationToken) is not { } version) return false;

        TuneView.WriteResult(console, tuner, result);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Study '{settings.Study}' is complete: {result.Trials.Count} of {limit} trials. Its best, trial {best.Number} ({tuner.Hyperopt.Metric} {best.Value:0.0000}), is registered as [bold]{version.Name}/{version.Version}[/] ({version.Source}); nothing was trained or registered again.");
        var lepton = Environment.GetEnvironmentVariable("LEPTON_COMMAND") ?? "lepton";
        console.Profile.Out.Writer.WriteLine($"More trials: {lepton} tune {settings.SpecPath} --study {settings.Study} --trials {result.Trials.Count + limit}");
        console.Profile.Out.Writer.WriteLine($"Next: {lepton} tune show {settings.Study}");
        return true;
    }

    /// <summary>The newest version of the study's model registered from the study's run for trial <paramref name="trial"/>, or null.</summary>
    private static async Task<ModelVersion?> RegisteredAsync(TrackingClient tracking, string study, int trial, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelVersion> versions;
        try
        {
            versions = await tracking.Store.ListModelVersionsAsync(study, cancellationToken);
        }
        catch (TrackingException e) when (e.Kind is TrackingErrorKind.NotFound or TrackingErrorKind.Invalid)
        {
            return null;
        }

        var number = trial.ToString(CultureInfo.InvariantCulture);
        foreach (var version in versions.OrderByDescending(v => v.Version))
        {
            if (version.RunId is null) continue;
            var run = await tracking.Store.GetRunAsync(version.RunId, cancellationToken);
            if (run.Tags.GetValueOrDefault(TuneRecord.KindTag) == TuneRecord.Kind && run.Tags.GetValueOrDefault(TuneRecord.StudyTag) == study
                && run.Tags.GetValueOrDefault(TuneRecord.TrialTag) == number) return version;
        }

        return null;
    }
}
