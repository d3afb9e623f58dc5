using Lepton.Tracking;
using Lepton.Tuning.Studies;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>The study store of the tracking database the command line uses (SQLite by default, PostgreSQL for teams).</summary>
internal static class TuneStore
{
    public static IStudyStore Open(TrackingClient tracking)
    {
        try
        {
            return new TrackingStudyStore(tracking.Store);
        }
        catch (TrackingException e)
        {
            throw new CliException(e.Message);
        }
    }
}
