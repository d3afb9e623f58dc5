using System.Diagnostics;
using Lepton.Data.Datasets;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>
/// Finds Fashion-MNIST, installing Debian's dataset-fashion-mnist package when the default folder is empty and
/// the user is root with apt-get; otherwise says exactly how to get it.
/// </summary>
internal static class FashionMnistSetup
{
    public static string EnsureInstalled(string? folder, IAnsiConsole console)
    {
        var target = folder ?? FashionMnist.DefaultFolder;
        if (FashionMnist.IsInstalled(target)) return target;
        if (folder is not null)
            throw new CliException($"Fashion-MNIST is not in '{folder}': it needs train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz.");

        if (!CanInstallWithApt())
            throw new CliException(
                $"Fashion-MNIST is not installed in {target}. Install it with:\n  sudo apt-get install dataset-fashion-mnist\n" +
                "or put the four IDX files in a folder and pass --data FOLDER (or set LEPTON_FASHION_MNIST).");

        console.MarkupLine("[yellow]Fashion-MNIST is not installed; installing Debian's dataset-fashion-mnist package (30 MB)...[/]");
        if (!Apt("install -y -q dataset-fashion-mnist"))
        {
            Apt("update -q");
            if (!Apt("install -y -q dataset-fashion-mnist"))
                throw new CliException("apt-get could not install dataset-fashion-mnist; see its output above. Or pass --data FOLDER with the four IDX files.");
        }
        if (!FashionMnist.IsInstalled(target))
            throw new CliException($"dataset-fashion-mnist was installed but {target} still lacks the IDX files.");
        return target;
    }

    private static bool CanInstallWithApt() =>
        OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/usr/bin/apt-get");

    private static bool Apt(string arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/apt-get", arguments) { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new CliException("apt-get could not be started.");
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
