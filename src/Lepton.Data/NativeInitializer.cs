using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Lepton.Data;

internal static class NativeInitializer
{
    // TorchSharp must find its native bridge before any tensor is made; doing it when this assembly loads
    // means a user never has to remember to.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Loading the native engine is process-wide state that must precede any tensor use.")]
    internal static void Run() => LeptonRuntime.EnsureNative();
}
