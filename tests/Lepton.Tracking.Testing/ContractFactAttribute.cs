using Xunit.Sdk;

namespace Lepton.Tracking.Testing;

/// <summary>
/// A fact of <see cref="MetadataStoreContract"/>: it runs as a plain fact, or is skipped with the reason the
/// store's test class gives through <see cref="ContractRunsAsAttribute"/> (a store whose server is absent).
/// </summary>
[XunitTestCaseDiscoverer(ContractFactDiscoverer.TypeName, ContractFactDiscoverer.AssemblyName)]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;
