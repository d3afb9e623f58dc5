using Lepton.Tracking;
using Lepton.Tuning.Studies;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>The study store of the tracking database the command line uses (SQLite by default, PostgreSQL for teams).</summary>
internal static class TuneStore
{
    public static IStudyStore Open(TrackingClient tracking) =>
        throw new CliException($"Studies in the tracking database ({tracking.Store.Description}) are not wired yet.");
}
