using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Lepton.Native;
using Xunit.Abstractions;

namespace Lepton.Engine.Tests.Native;

/// <summary>
/// Runs Lepton.NativeProbe in fresh processes with an empty native cache: the first run must patch the bridge into
/// the cache and train, the second must reuse the cached copy, and TorchSharp's own files must stay untouched.
/// </summary>
public sealed class NativeProbeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), $"lepton-native-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_cache)) Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public void A_fresh_process_loads_the_engine_trains_and_reuses_the_patched_copy()
    {
        var probe = ProbePath();
        Assert.True(File.Exists(probe), $"{probe} is missing: build Lepton.Engine.Tests (it builds Lepton.NativeProbe first).");
        Directory.CreateDirectory(_cache);
        var originals = new[] { Path.Combine(Path.GetDirectoryName(probe)!, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"), NuGetBridge() }
            .Where(File.Exists).ToDictionary(p => p, Hash);
        Assert.NotEmpty(originals);

        var first = Run(probe);
        Assert.True(first.Last < first.First, $"loss went from {first.First} to {first.Last}");

        if (!NativeFiles.HostNeedsFix)
        {
            Assert.StartsWith("not needed", first.NativeFix);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_cache));
            return;
        }

        var patched = Assert.Single(Directory.GetFiles(_cache, "libLibTorchSharp.so", SearchOption.AllDirectories));
        Assert.Equal($"{NativeFiles.MissingVersion} marked weak in {patched}", first.NativeFix);
        Assert.True(ElfFile.Read(patched).NeededVersions().Single(n => n.Version == NativeFiles.MissingVersion).IsWeak);
        foreach (var (path, hash) in originals) Assert.Equal(hash, Hash(path));
        var written = File.GetLastWriteTimeUtc(patched);

        var second = Run(probe);
        Assert.True(second.Last < second.First);
        Assert.Equal(first.NativeFix, second.NativeFix);
        Assert.Equal(written, File.GetLastWriteTimeUtc(patched));
        Assert.Equal([patched], Directory.GetFiles(_cache, "*", SearchOption.AllDirectories));
        foreach (var (path, hash) in originals) Assert.Equal(hash, Hash(path));
    }

    private ProbeResult Run(string probe)
    {
        var start = new ProcessStartInfo(DotnetHost(), [probe])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["LEPTON_NATIVE_CACHE"] = _cache;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the probe did not finish within 60 s");
        }
        process.WaitForExit();
        output.WriteLine($"probe exited {process.ExitCode} after {clock.ElapsedMilliseconds} ms:\n{stdout.Result}{stderr.Result}");
        Assert.True(process.ExitCode == 0, $"the probe exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");

        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(": ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return new ProbeResult(
            float.Parse(lines["first loss"], CultureInfo.InvariantCulture),
            float.Parse(lines["last loss"], CultureInfo.InvariantCulture),
            lines["native fix"]);
    }

    private static string ProbePath() => Path.GetFullPath(typeof(NativeProbeTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NativeProbe").Value!);

    private static string DotnetHost()
    {
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") return Environment.ProcessPath!;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private static string NuGetBridge()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        return Path.Combine(root, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private sealed record ProbeResult(float First, float Last, string NativeFix);
}
