using System.Text.Json;
using Lepton.Nn.Explanations;
using Lepton.Serving.Batching;
using Lepton.Serving.Hosting;
using Lepton.Serving.Protocol;
using Lepton.Serving.Runtimes;
using Microsoft.AspNetCore.Http;
using static TorchSharp.torch;

namespace Lepton.Serving.Apis;

/// <summary>
/// Explanations on the predict route: integrated gradients for the examples of one request, computed beside the
/// batches (one request at a time per server, on the thread pool, in a dispose scope of its own) on the model the
/// batches run, after the prediction itself.
/// </summary>
internal static class Explanations
{
    /// <summary>The most examples one request may ask explanations for: each costs about 50 to 800 forward and backward passes.</summary>
    public const int MaxExamples = 32;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Whether the request asks for explanations: <c>?explain=true</c>, or <c>"parameters": {"explain": true}</c> in a JSON body.</summary>
    public static bool Wanted(HttpRequest request, JsonDocument? body)
    {
        var query = request.Query["explain"].ToString();
        if (query.Length > 0)
        {
            return query.ToLowerInvariant() switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => throw ServingException.BadRequest($"'explain' must be true or false, not '{query}'."),
            };
        }
        if (body?.RootElement is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("parameters", out var parameters)) return false;
        if (parameters.ValueKind != JsonValueKind.Object) throw ServingException.BadRequest("\"parameters\" must be an object, e.g. {\"explain\": true}.");
        if (!parameters.TryGetProperty("explain", out var explain)) return false;
        return explain.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ServingException.BadRequest($"\"parameters.explain\" must be true or false, not {explain.ValueKind.ToString().ToLowerInvariant()}."),
        };
    }

    /// <summary>Checks, before the prediction runs, that the model and the request can be explained.</summary>
    public static void Check(LoadedModel model, int examples)
    {
        if (model.Runner is not TorchRunner torch)
            throw ServingException.BadRequest($"Model '{model.Name}' runs on ONNX Runtime here; explanations need the network itself: serve it with --runtime torch (the default for .lepton files).");
        if (model.Heads.Count > 0)
            throw ServingException.BadRequest($"Model '{model.Name}' has several outputs; explanations cover models of one output.");
        if (!IntegratedGradients.CanExplain(torch.Model))
            throw ServingException.BadRequest($"Model '{model.Name}' holds decision trees, which have no gradients to integrate; explain it with TreeSHAP against a sample of rows: lepton explain MODEL DATA.");
        if (examples > MaxExamples)
            throw ServingException.BadRequest($"{examples} examples ask for explanations; at most {MaxExamples} per request (each costs many forward and backward passes): split them.");
    }

    /// <summary>The explanation of every example of <paramref name="item"/>, computed off the request thread.</summary>
    public static async Task<IReadOnlyList<Explanation>> ExplainAsync(LoadedModel model, InferenceItem item, CancellationToken cancellationToken)
    {
        var network = ((TorchRunner)model.Runner).Model;
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Compute(model, network, item), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static List<Explanation> Compute(LoadedModel model, Nn.Models.Model network, InferenceItem item)
    {
        using var scope = NewDisposeScope();
        var inputs = item.Inputs.Select((values, i) => tensor(values, [item.Samples, .. item.SampleShapes[i]])).ToArray();
        using var attributions = IntegratedGradients.Explain(network, inputs);
        var perInput = attributions.Values.Select(v => v?.to_type(ScalarType.Float32).flatten(1).data<float>().ToArray()).ToArray();
        // Per input, the raw column each of its features comes from, when the examples came in as a table model's records.
        var owners = model.Table is { } table
            ? FeatureNames(model, item)?.Select(names => names.Select(n => Lepton.Data.Pipelines.TablePreprocessing.ColumnOf(n, table.Pipeline.InputColumns)).ToArray()).ToArray()
            : null;
        var explanations = new List<Explanation>(item.Samples);
        for (var s = 0; s < item.Samples; s++)
        {
            Dictionary<string, double>? columns = null;
            Dictionary<string, float[]>? tensors = null;
            if (owners is not null)
            {
                columns = new Dictionary<string, double>(StringComparer.Ordinal);
                for (var i = 0; i < perInput.Length; i++)
                {
                    if (perInput[i] is not { } values) continue;
                    var width = values.Length / item.Samples;
                    for (var f = 0; f < width; f++) columns[owners[i][f]] = columns.GetValueOrDefault(owners[i][f]) + values[(s * width) + f];
                }
            }
            else
            {
                tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
                for (var i = 0; i < perInput.Length; i++)
                {
                    if (perInput[i] is not { } values) continue;
                    var width = values.Length / item.Samples;
                    tensors[model.Inputs[i].Name] = values.AsSpan(s * width, width).ToArray();
                }
            }
            var target = attributions.Targets[s];
            var label = model.ClassNames.Count > 0 && target < model.ClassNames.Count ? model.ClassNames[(int)target] : null;
            explanations.Add(new Explanation("integrated_gradients", label, attributions.Outputs[s], attributions.BaselineOutputs[s], columns, tensors));
        }
        return explanations;
    }

    /// <summary>Per model input, the pipeline's feature names, when the examples came in as records of a table model.</summary>
    private static List<IReadOnlyList<string>>? FeatureNames(LoadedModel model, InferenceItem item)
    {
        if (model.Table is not { } table) return null;
        var sizes = table.InputSizes;
        if (sizes.Count != item.Inputs.Length) return null;
        var names = new List<IReadOnlyList<string>>();
        var offset = 0;
        foreach (var size in sizes)
        {
            names.Add(table.Features.Skip(offset).Take(size).ToList());
            offset += size;
        }
        return names;
    }
}
