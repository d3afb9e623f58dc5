using Microsoft.Extensions.Hosting;

namespace Lepton.Cluster.Hosting;

/// <summary>
/// A host lifetime that leaves Ctrl+C and SIGTERM to the program around the host: a cluster client inside a command
/// stops when the command does, and the default console lifetime would swallow the signal and wait for a stop that
/// the command never asks for.
/// </summary>
internal sealed class CallerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
