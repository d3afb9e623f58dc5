namespace Lepton.Nn.Tests;

/// <summary>
/// Tests that need the process to themselves: libtorch's default random generator and the resident memory are
/// process-wide, so seeded-reproducibility and memory tests must not run beside other training tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
