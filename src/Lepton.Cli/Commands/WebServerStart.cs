using Lepton.Tracking;
using Microsoft.AspNetCore.Builder;

namespace Lepton.Cli.Commands;

/// <summary>
/// What <c>lepton ui</c> and <c>lepton tracking server</c> share: building the server with a bad option or store said in
/// one line, and starting it with a taken port said plainly.
/// </summary>
internal static class WebServerStart
{
    public static async Task<WebApplication> CreateAsync(Func<Task<WebApplication>> create)
    {
        try
        {
            return await create().ConfigureAwait(false);
        }
        catch (TrackingException e)
        {
            throw new CliException(e.Message);
        }
        catch (ArgumentException e)
        {
            // The option's name is in the message already; drop .NET's "(Parameter 'Port')" suffix.
            throw new CliException(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }
    }

    public static async Task StartAsync(WebApplication app, string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new CliException($"Cannot listen on {host}:{port}: {e.Message} Choose another with --port.");
        }
    }
}
