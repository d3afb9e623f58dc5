using Lepton.Fuzz.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Lepton.Fuzz.Tests;

public sealed class RequestFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_infer_bodies_are_read_or_refused_with_a_400() =>
        FuzzRun.Corpus(FuzzTargets.InferJson, seconds: 5, output);

    [Fact]
    public void Generated_infer_bodies_are_read_or_refused_with_a_400() =>
        FuzzRun.Sample(FuzzTargets.InferJson with { Name = "infer-json (generated)" }, InferBodies.Json, body => body, seconds: 5, output);

    [Fact]
    public void The_quick_json_reader_reads_mutated_bodies_as_the_thorough_one_does() =>
        FuzzRun.Corpus(FuzzTargets.InferJsonQuick, seconds: 5, output);

    [Fact]
    public void The_quick_json_reader_reads_generated_bodies_as_the_thorough_one_does() =>
        FuzzRun.Sample(FuzzTargets.InferJsonQuick with { Name = "infer-json (quick, generated)" }, InferBodies.QuickJson, body => body, seconds: 5, output);

    [Fact]
    public void Mutated_binary_infer_bodies_are_read_or_refused_with_a_400() =>
        FuzzRun.Corpus(FuzzTargets.InferBinary, seconds: 5, output);

    [Fact]
    public void Binary_tensor_data_is_read_or_refused_with_an_InvalidDataException() =>
        FuzzRun.Corpus(FuzzTargets.BinaryTensors, seconds: 3, output);

    [Fact]
    public void Predict_instances_are_read_or_refused_with_a_400() =>
        FuzzRun.Corpus(FuzzTargets.PredictInstances, seconds: 4, output);

    [Fact]
    public void Predict_records_of_a_table_model_are_read_or_refused_with_a_400() =>
        FuzzRun.Corpus(FuzzTargets.PredictRecords, seconds: 4, output);

    [Fact]
    public void Traffic_weights_are_read_or_refused_with_a_400() =>
        FuzzRun.Corpus(FuzzTargets.TrafficWeights, seconds: 3, output);
}
