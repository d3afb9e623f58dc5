using System.CommandLine;
using Spectre.Console;

namespace Lepton.Cli.Commands.Cluster;

/// <summary><c>lepton cluster</c>: runs Lepton on Microsoft Orleans across processes and machines.</summary>
internal static class ClusterCommand
{
    public static Command Create(IAnsiConsole console) =>
        new("cluster", "Run Lepton across processes and machines (Microsoft Orleans): start silos, then give commands --cluster HOST:PORT.")
        {
            ClusterStartCommand.Create(console),
        };
}
