using Xunit.Abstractions;
using Xunit.Sdk;

namespace Lepton.Tracking.Testing;

/// <summary>Finds <see cref="ContractTheoryAttribute"/> theories, skipped whole when the concrete test class says its store cannot run.</summary>
public sealed class ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <summary>The full name of this type, for <see cref="XunitTestCaseDiscovererAttribute"/>.</summary>
    public const string TypeName = "Lepton.Tracking.Testing.ContractTheoryDiscoverer";

    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        ContractRunsAsAttribute.SkipReasonFor(testMethod) is { } skip
            ? [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}
