using Lepton.Fuzz.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Lepton.Fuzz.Tests;

public sealed class ModelFileFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_model_files_load_or_give_a_ModelFileException() =>
        FuzzRun.Corpus(FuzzTargets.ModelFile, seconds: 8, output, TimeSpan.FromSeconds(20));

    [Fact]
    public void Model_files_with_edited_model_json_load_or_give_a_ModelFileException()
    {
        var seeds = Corpus.Seeds(FuzzTargets.ModelFile.Name);
        FuzzRun.Sample(FuzzTargets.ModelFile with { Name = "model-file (model.json edits)" }, ModelArchiveMutant.Of(seeds.Count),
            m => m.Apply(seeds), seconds: 12, output, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Mutated_model_json_alone_loads_or_gives_a_ModelFileException() =>
        FuzzRun.Corpus(FuzzTargets.ModelJson, seconds: 6, output, TimeSpan.FromSeconds(20));
}
