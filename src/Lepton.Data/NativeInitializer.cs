namespace Lepton.Data;

/// <summary>
/// Makes TorchSharp's native engine loadable before Lepton.Data's tensor code first runs. Each type that makes or
/// takes tensors calls this from its static constructor, rather than the whole assembly at load: tables
/// (<see cref="Tables.Table"/>) never touch tensors, and loading libtorch costs them about 150 MB and 0.7 s.
/// </summary>
internal static class NativeInitializer
{
    internal static void Run() => LeptonRuntime.EnsureNative();
}
