using Lepton.Cli.Commands.Tuning;
using Lepton.Cluster;
using Lepton.Cluster.Hosting;
using Lepton.Tuning.Studies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Lepton.Cli.Commands.Cluster;

/// <summary>
/// <c>lepton tune spec.yaml --cluster HOST:PORT</c>: the trials of <see cref="TuneCommand"/> run on a cluster's silos
/// instead of here. The command submits the study to its coordinator, prints each trial as it finishes (a trial lost
/// with its silo shows as failed, then again under a new number), and returns once every trial is accounted for; the
/// final training and registration are <see cref="TuneCommand"/>'s, as without a cluster.
/// </summary>
internal static class ClusterTune
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the cluster may stay unreachable (its coordinator moving after a silo's death, say) before the command gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static void Check(TuneSettings settings)
    {
        if (!settings.Track) throw new CliException("--cluster keeps the study in the tracking database the silos share; drop --no-tracking.");
        if (settings.Workers != 1) throw new CliException("--cluster runs one worker on every silo; drop --workers (start more silos to run more trials at once).");
        if (settings.Input.Catalog is not null)
            throw new CliException($"--cluster needs a table file every silo can read; '{settings.Data}' is a catalog dataset. Give its file with --data.");
    }

    /// <summary>
    /// Runs the study's trials on the cluster and returns once every one is accounted for; <paramref name="record"/>
    /// records each finished trial, read whole (every reported step) from <paramref name="store"/>, the tracking
    /// database the silos write to.
    /// </summary>
    public static async Task RunTrialsAsync(TuneSettings settings, IStudyStore store, TrialReporter reporter, Func<TrialRecord, Task> record, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ClusterConnection connection;
        try
        {
            connection = ClusterConnection.Parse(settings.Cluster!);
        }
        catch (FormatException e)
        {
            throw new CliException($"--cluster {settings.Cluster}: {e.Message}");
        }

        using var host = LeptonClusterClient.Create(connection);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CliException($"No Lepton cluster answered at {connection}: {e.Message}. Start a silo with `lepton cluster start` (it prints the address to give).");
        }

        var client = host.Services.GetRequiredService<IClusterClient>();
        var submission = new StudySubmission
        {
            Name = settings.Study,
            Objective = ObjectiveKinds.Spec,
            Definition = await File.ReadAllTextAsync(settings.SpecPath, cancellationToken),
            Data = Path.GetFullPath(settings.Data),
            Trials = settings.Trials,
            Seed = settings.Seed,
        };
        var coordinator = client.GetGrain<IStudyCoordinatorGrain>(settings.Study);
        try
        {
            var progress = await coordinator.SubmitAsync(submission);
            console.MarkupLineInterpolated($"Study '{settings.Study}' submitted to the cluster at {connection}: {progress.Target} trials on {progress.Workers.Count} silo(s); its coordinator runs on {progress.Coordinator}.");
            var shown = progress.Trials.Where(t => t.State != "running").Select(t => t.Id).ToHashSet();
            while (true)
            {
                var fresh = progress.Trials.Where(t => t.State != "running" && shown.Add(t.Id)).Select(t => t.Id).ToHashSet();
                if (fresh.Count > 0)
                {
                    var study = await store.FindStudyAsync(settings.Study, cancellationToken)
                        ?? throw new CliException($"The cluster ran study '{settings.Study}', but the tracking database here does not hold it: give the silos and this command the same LEPTON_TRACKING_URI.");
                    foreach (var finished in (await store.TrialsAsync(study.Id, cancellationToken)).Where(t => fresh.Contains(t.Id)).OrderBy(t => t.Number))
                    {
                        reporter.Report(finished);
                        await record(finished);
                    }
                }
                if (progress.IsComplete) break;
                await Task.Delay(PollInterval, cancellationToken);
                progress = await PollAsync(coordinator, submission, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            throw new CliException($"Stopped following the study '{settings.Study}'; the cluster goes on with it (run the same command to follow it again).", ExitCodes.Interrupted);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The study's progress, submitting it again to a coordinator that does not know it (moved to another silo).</summary>
    private static async Task<StudyProgress> PollAsync(IStudyCoordinatorGrain coordinator, StudySubmission submission, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                return await coordinator.ProgressAsync() ?? await coordinator.SubmitAsync(submission);
            }
            catch (Exception e) when (e is not OperationCanceledException && DateTimeOffset.UtcNow - since < Patience)
            {
                // A silo died: calls to it time out until the cluster declares it dead and the coordinator moves.
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new CliException($"The cluster stopped answering for {Patience.TotalSeconds:0} s ({e.Message}); the study '{submission.Name}' keeps its finished trials (run the same command to go on).");
            }
        }
    }
}
