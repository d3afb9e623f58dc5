using Xunit.Abstractions;
using Xunit.Sdk;

namespace Lepton.Tracking.Testing;

/// <summary>Finds <see cref="ContractFactAttribute"/> facts, skipped when the concrete test class says its store cannot run.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <summary>The full name of this type, for <see cref="XunitTestCaseDiscovererAttribute"/>.</summary>
    public const string TypeName = "Lepton.Tracking.Testing.ContractFactDiscoverer";

    /// <summary>The name of this assembly, for <see cref="XunitTestCaseDiscovererAttribute"/>.</summary>
    public const string AssemblyName = "Lepton.Tracking.Testing";

    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        ContractRunsAsAttribute.SkipReasonFor(testMethod) is { } skip
            ? [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}
