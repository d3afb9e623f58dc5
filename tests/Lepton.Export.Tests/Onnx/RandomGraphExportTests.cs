using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>Fifty seeded random graphs of supported layers (seeds 30-39 text models with recurrent layers, 40-49 with attention) pass the same two checks as the single layers.</summary>
public sealed class RandomGraphExportTests
{
    [Fact]
    public void Random_graphs_run_in_OnnxRuntime_as_in_Lepton_and_pass_the_checker()
    {
        using var folder = new TempFolder();
        var failures = new List<string>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var seed = 0; seed < 50; seed++)
        {
            using var scope = NewDisposeScope();
            var graphs = new RandomGraphs(seed);
            try
            {
                var randomCase = graphs.Next();
                files[ExportVerification.ExportAndCompare(randomCase.Model, randomCase.Inputs, folder.Path, $"seed{seed}.onnx")] = graphs.Description;
            }
            catch (Exception e)
            {
                failures.Add($"seed {seed}: {e.Message}\n  {graphs.Description}");
            }
        }
        failures.AddRange(OnnxChecker.Failures([.. files.Keys]).Select(f => $"{Path.GetFileName(f.Key)}: {f.Value}\n  {files[f.Key]}"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        string[] recurrent = ["\"LSTM\"", "\"GRU\"", "\"SimpleRNN\"", "\"Bidirectional\""];
        Assert.True(files.Values.Count(d => recurrent.Any(d.Contains)) >= 5, "fewer than five random text graphs kept a recurrent layer");
        string[] attention = ["\"MultiHeadAttention\"", "\"TransformerEncoder\""];
        Assert.True(files.Values.Count(d => attention.Any(d.Contains)) >= 5, "fewer than five random text graphs kept an attention layer");
    }
}
