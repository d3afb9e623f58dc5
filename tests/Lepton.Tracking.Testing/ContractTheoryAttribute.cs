using Xunit.Sdk;

namespace Lepton.Tracking.Testing;

/// <summary>A theory of <see cref="MetadataStoreContract"/>, skipped like a <see cref="ContractFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer(ContractTheoryDiscoverer.TypeName, ContractFactDiscoverer.AssemblyName)]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractTheoryAttribute : TheoryAttribute;
