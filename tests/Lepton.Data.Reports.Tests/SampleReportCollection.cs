namespace Lepton.Data.Reports.Tests;

/// <summary>The tests that share one <see cref="SampleReport"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SampleReportCollection : ICollectionFixture<SampleReport>
{
    public const string Name = "sample report";
}
