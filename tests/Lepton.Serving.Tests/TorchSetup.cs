using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Lepton.Serving.Tests;

internal static class TorchSetup
{
    // Tests make tensors with torch.* before touching any Lepton.Data type, whose static constructors load the
    // native engine; so the test assembly loads it first, as an application using tensors directly would.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Loading the native engine is process-wide state that must precede any tensor use.")]
    internal static void Run() => LeptonRuntime.EnsureNative();
}
