using Lepton.Fuzz.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Lepton.Fuzz.Tests;

public sealed class PipelineSpecFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_specs_parse_or_give_a_PipelineException() =>
        FuzzRun.Corpus(FuzzTargets.PipelineSpecYaml, seconds: 6, output);
}
