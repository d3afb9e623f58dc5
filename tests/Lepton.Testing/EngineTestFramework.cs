using Xunit.Abstractions;
using Xunit.Sdk;

namespace Lepton.Testing;

/// <summary>
/// xunit's own framework, loading the native engine first. Tests make tensors with <c>torch.*</c> before touching
/// any Lepton type whose static constructor would load it, so a test assembly that uses tensors loads the engine
/// before discovery and before any test, as an application using tensors directly would:
/// <c>[assembly: TestFramework(EngineTestFramework.TypeName, EngineTestFramework.AssemblyName)]</c>.
/// </summary>
public sealed class EngineTestFramework : XunitTestFramework
{
    /// <summary>The full name of this type, for <see cref="TestFrameworkAttribute"/>.</summary>
    public const string TypeName = "Lepton.Testing.EngineTestFramework";

    /// <summary>The name of this assembly, for <see cref="TestFrameworkAttribute"/>.</summary>
    public const string AssemblyName = "Lepton.Testing";

    /// <summary>Loads the engine, then behaves as xunit's default framework.</summary>
    public EngineTestFramework(IMessageSink messageSink) : base(messageSink) => LeptonRuntime.EnsureNative();
}
