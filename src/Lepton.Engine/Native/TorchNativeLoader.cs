using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Lepton.Native;

/// <summary>
/// Makes TorchSharp's native bridge loadable on hosts whose libstdc++ is older than the one it was built against.
/// </summary>
/// <remarks>
/// libLibTorchSharp.so 0.107 asks for GLIBCXX_3.4.32 (GCC 13) for one symbol that no relocation uses, so the
/// request can be marked weak and the loader then accepts GCC 12's libstdc++ (Debian 12, Ubuntu 22.04).
/// The patch goes into a copy in a cache folder the user owns; the NuGet cache is never touched, and nothing
/// is done where the host already has every version the library asks for. See docs/torchsharp-native.md.
/// </remarks>
internal static class TorchNativeLoader
{
    private const string BridgeFileName = "libLibTorchSharp.so";
    private static readonly Lazy<NativeLoadReport> Report = new(LoadCore, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs once per process, before the first use of TorchSharp.</summary>
    public static NativeLoadReport EnsureLoaded() => Report.Value;

    private static NativeLoadReport LoadCore()
    {
        if (!OperatingSystem.IsLinux())
            return NativeLoadReport.NotNeeded("not Linux");

        var bridge = FindBridge();
        if (bridge is null)
            return NativeLoadReport.NotNeeded($"{BridgeFileName} not found beside TorchSharp.dll; TorchSharp loads it itself");

        var libstdcxx = HostLibStdCxx();
        if (libstdcxx is null)
            return NativeLoadReport.NotNeeded("no libstdc++.so.6 loaded in this process", bridge);

        var elf = ElfFile.Read(bridge);
        var defined = ElfFile.Read(libstdcxx).DefinedVersions();
        var missing = elf.NeededVersions()
            .Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal) && !n.IsWeak && !defined.Contains(n.Version))
            .ToList();
        if (missing.Count == 0)
            return NativeLoadReport.NotNeeded("host libstdc++ has every version the bridge needs", bridge, libstdcxx);

        foreach (var need in missing)
        {
            var used = elf.RelocatedSymbolsOfVersion(need.Index);
            if (used.Count > 0)
                throw new PlatformNotSupportedException(
                    $"{bridge} needs {need.Version} from libstdc++ for {string.Join(", ", used.Take(5))}, which {libstdcxx} does not provide. " +
                    "Install a newer libstdc++ (GCC 13 or later) or run on Debian 13 / Ubuntu 24.04.");
        }

        var patched = WritePatchedCopy(bridge, elf, missing);
        PreloadDependencies(Path.GetDirectoryName(bridge)!);
        NativeLibrary.Load(patched);
        return new NativeLoadReport(bridge, libstdcxx, patched, missing.Select(m => m.Version).ToList(), "patched copy loaded");
    }

    private static string? FindBridge()
    {
        var torchDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        var roots = new[] { torchDir, AppContext.BaseDirectory }.Where(d => !string.IsNullOrEmpty(d)).Distinct();
        foreach (var root in roots)
        {
            foreach (var candidate in new[] { Path.Combine(root!, "runtimes", "linux-x64", "native", BridgeFileName), Path.Combine(root!, BridgeFileName) })
            {
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static string? HostLibStdCxx()
    {
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out _)) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) continue;
            var path = line[slash..];
            if (Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal)) return path;
        }
        return null;
    }

    /// <summary>The cache folder for patched native files: LEPTON_NATIVE_CACHE, else $XDG_CACHE_HOME/lepton/native, else ~/.cache/lepton/native.</summary>
    internal static string CacheFolder()
    {
        var explicitFolder = Environment.GetEnvironmentVariable("LEPTON_NATIVE_CACHE");
        if (!string.IsNullOrWhiteSpace(explicitFolder)) return explicitFolder;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "lepton", "native");
    }

    private static string WritePatchedCopy(string bridge, ElfFile elf, IReadOnlyList<VersionNeed> missing)
    {
        var bytes = elf.WithWeakVersions(missing);
        var hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var folder = Path.Combine(CacheFolder(), hash);
        var target = Path.Combine(folder, BridgeFileName);
        if (File.Exists(target) && new FileInfo(target).Length == bytes.Length &&
            SHA256.HashData(File.ReadAllBytes(target)).AsSpan().SequenceEqual(SHA256.HashData(bytes)))
            return target;

        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{BridgeFileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true);
        return target;
    }

    /// <summary>
    /// The patched copy lives away from libtorch, so its $ORIGIN run path cannot find libtorch.so; loading the
    /// originals first lets the dynamic loader match them by soname.
    /// </summary>
    private static void PreloadDependencies(string nativeFolder)
    {
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var path = Path.Combine(nativeFolder, name);
            if (File.Exists(path)) NativeLibrary.Load(path);
        }
    }
}

/// <summary>What the native loader found and did, for diagnostics (<c>lepton doctor</c>).</summary>
internal sealed record NativeLoadReport(string? Bridge, string? HostLibStdCxx, string? PatchedCopy, IReadOnlyList<string> WeakenedVersions, string Outcome)
{
    public static NativeLoadReport NotNeeded(string why, string? bridge = null, string? libstdcxx = null) => new(bridge, libstdcxx, null, [], why);
}
