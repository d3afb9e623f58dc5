using Lepton.Native;

namespace Lepton.Engine.Tests.Native;

/// <summary>Where the real native files of this machine live.</summary>
internal static class NativeFiles
{
    public const string MissingVersion = "GLIBCXX_3.4.32";
    public const string HostLibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    /// <summary>TorchSharp's bridge library beside TorchSharp.dll (in this test's bin folder).</summary>
    public static string Bridge { get; } = Path.Combine(
        Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location)!, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>True when the host's libstdc++ lacks the version TorchSharp's bridge asks for, so the fix is needed.</summary>
    public static bool HostNeedsFix => !ElfFile.Read(HostLibStdCxx).DefinedVersions().Contains(MissingVersion);
}
