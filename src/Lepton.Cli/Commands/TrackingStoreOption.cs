using System.CommandLine;
using Lepton.Tracking;

namespace Lepton.Cli.Commands;

/// <summary>The <c>--tracking-uri</c> option of the tracking commands, and opening the store it (or the environment) names.</summary>
internal sealed class TrackingStoreOption
{
    public Option<string?> Uri { get; } = new("--tracking-uri")
    {
        Description = $"The tracking store: sqlite:///PATH.db, postgresql://USER@HOST:PORT/DB or an Npgsql connection string (default: {TrackingSettings.UriVariable}, else a SQLite file under {LeptonHome.Variable}).",
        Recursive = true,
    };

    /// <summary>Adds the option to a command group; its subcommands inherit it.</summary>
    public void AddTo(Command command) => command.Options.Add(Uri);

    public Task<TrackingClient> OpenAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var settings = TrackingSettings.FromEnvironment();
        if (result.GetValue(Uri) is { Length: > 0 } uri) settings = settings with { TrackingUri = uri };
        return TrackingClient.OpenAsync(settings, cancellationToken);
    }
}
