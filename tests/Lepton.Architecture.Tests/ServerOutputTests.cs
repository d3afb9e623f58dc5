using System.Text.Json;

namespace Lepton.Architecture.Tests;

/// <summary>
/// A server-only project's .deps.json, in its own build output, lists every file that dotnet publish copies; none may be TorchSharp or libtorch.
/// check-server-publish.sh runs the real, slower publish.
/// </summary>
public sealed class ServerOutputTests
{
    [Theory]
    [InlineData("Lepton.Tracking.Server")]
    public void Server_output_carries_no_TorchSharp_or_libtorch(string server)
    {
        var depsJson = BuildOutput.DepsJsonOf(server);
        Assert.True(File.Exists(depsJson), $"{depsJson} is missing: build {server} first.");

        var torch = TorchEntries(depsJson);

        Assert.True(torch.Count == 0, $"{server} would publish:\n{string.Join("\n", torch)}");
    }

    // The same check on a project that does load the engine finds it, so the test above cannot pass by reading nothing.
    [Fact]
    public void The_engine_output_does_carry_TorchSharp_and_libtorch()
    {
        var torch = TorchEntries(BuildOutput.DepsJsonOf("Lepton.Engine"));

        Assert.Contains(torch, entry => entry.Contains("libtorch_cpu.so", StringComparison.Ordinal));
        Assert.Contains(torch, entry => entry.Contains("TorchSharp.dll", StringComparison.Ordinal));
    }

    internal static List<string> TorchEntries(string depsJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(depsJsonPath));
        var entries = new List<string>();
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (IsTorch(library.Name))
                {
                    entries.Add($"package {library.Name}");
                }

                foreach (var assets in library.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                {
                    entries.AddRange(assets.Value.EnumerateObject()
                        .Where(asset => IsTorch(Path.GetFileName(asset.Name)))
                        .Select(asset => $"{assets.Name}: {asset.Name} (in {library.Name})"));
                }
            }
        }

        return entries;
    }

    private static bool IsTorch(string name) =>
        name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("libLibTorchSharp", StringComparison.OrdinalIgnoreCase);
}
