using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Explanations;

/// <summary>
/// Integrated gradients (Sundararajan, Taly and Yan 2017): how much each input value moved a model's output away from
/// its output on a baseline (zeros unless given), as the path integral of the output's gradient from the baseline to the
/// input, times the input's difference from the baseline. The attributions of one row add up to
/// <c>output(input) − output(baseline)</c> (completeness); <see cref="Attributions.Delta"/> says by how much they miss.
/// </summary>
/// <remarks>
/// The output explained is the model's answer in the units a user reads: a classifier's probability of the target class
/// (softmax or sigmoid as its loss implies), a regression's value. Token ids that an embedding reads are integrated
/// through their vectors, from the padding id's vector (id 0) to theirs, one attribution per token (the vector's summed);
/// other integer inputs are held fixed and get none. The integral is the midpoint rule over <c>steps</c> points; a row whose attributions
/// miss completeness by more than <see cref="IntegratedGradientsOptions.Tolerance"/> is integrated again with twice the
/// steps, up to <see cref="IntegratedGradientsOptions.MaxSteps"/>. Work goes in batches of at most
/// <see cref="IntegratedGradientsOptions.BatchRows"/> interpolated rows, each in a dispose scope of its own.
/// </remarks>
public static class IntegratedGradients
{
    /// <summary>
    /// The attributions of every row of <paramref name="inputs"/> (one tensor per model input, first dimension the
    /// rows), for the class given per row by <paramref name="targets"/> (default: the class the model predicts).
    /// </summary>
    /// <exception cref="ArgumentException">The inputs do not match the model's inputs, a baseline's shape differs from its input's, a target is outside the model's outputs, or no input is floating point.</exception>
    public static Attributions Explain(Model model, IReadOnlyList<Tensor> inputs, IntegratedGradientsOptions? options = null, IReadOnlyList<long>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new IntegratedGradientsOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchRows, 1, nameof(options));
        if (inputs.Count != model.InputNames.Count)
            throw new ArgumentException($"Model '{model.Name}' takes {model.InputNames.Count} input(s) ({string.Join(", ", model.InputNames)}); {inputs.Count} were given.", nameof(inputs));
        var rows = inputs[0].shape[0];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].dim() == 0 || inputs[i].shape[0] != rows)
                throw new ArgumentException($"Input {i} ('{model.InputNames[i]}') has shape [{string.Join(", ", inputs[i].shape)}]; every input needs the same number of rows first ({rows}).", nameof(inputs));
        }
        var embeddings = EmbeddingsOf(model);
        var paths = inputs.Select((t, i) => new InputPath(t.is_floating_point() && embeddings[i] is null, embeddings[i])).ToArray();
        if (!paths.Any(p => p.Explained))
            throw new ArgumentException($"Model '{model.Name}' has no input to attribute to: its inputs are integers that no embedding reads directly.", nameof(inputs));
        var baselines = Baselines(model, inputs, options.Baselines, [.. paths.Select(p => p.Floating)]);
        if (targets is not null && targets.Count != rows)
            throw new ArgumentException($"{targets.Count} targets were given for {rows} rows.", nameof(targets));

        var wasTraining = model.training;
        model.to(LeptonRuntime.Device);
        model.eval();
        try
        {
            return Run(model, inputs, baselines, paths, targets, options);
        }
        finally
        {
            model.train(wasTraining);
            foreach (var b in baselines) b?.Dispose();
        }
    }

    /// <summary>
    /// Whether integrated gradients can explain <paramref name="model"/>: false when it holds decision trees at any depth
    /// (a gradient-boosted model, or an ensemble with one), whose gradients are zero almost everywhere.
    /// </summary>
    public static bool CanExplain(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return !LayersOf(model).Any(l => l is TreeEnsemble);
    }

    private static IEnumerable<Layer> LayersOf(Layer layer)
    {
        yield return layer;
        if (layer is not Model model) yield break;
        foreach (var inner in model.Layers.Concat(model.InferenceChain ?? []))
        {
            if (ReferenceEquals(inner, layer)) continue;
            foreach (var l in LayersOf(inner)) yield return l;
        }
    }

    private static Tensor?[] Baselines(Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? given, bool[] floating)
    {
        if (given is not null && given.Count != inputs.Count)
            throw new ArgumentException($"{given.Count} baselines were given for the {inputs.Count} input(s) of model '{model.Name}'.", nameof(given));
        var baselines = new Tensor?[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!floating[i]) continue;
            var rowShape = inputs[i].shape[1..];
            if (given?[i] is not { } b)
            {
                baselines[i] = zeros(rowShape, inputs[i].dtype);
                continue;
            }
            var shape = b.shape.Length == rowShape.Length + 1 && b.shape[0] == 1 ? b.shape[1..] : b.shape;
            if (!shape.SequenceEqual(rowShape))
                throw new ArgumentException($"The baseline of input {i} ('{model.InputNames[i]}') has shape [{string.Join(", ", b.shape)}]; one row of that input has shape [{string.Join(", ", rowShape)}].", nameof(given));
            baselines[i] = b.reshape(rowShape).to_type(inputs[i].dtype).cpu();
        }
        return baselines;
    }

    private static Attributions Run(Model model, IReadOnlyList<Tensor> inputs, Tensor?[] baselines, InputPath[] paths, IReadOnlyList<long>? targets, IntegratedGradientsOptions options)
    {
        var pass = Pass(model, inputs, baselines, paths, targets, options.Steps, options.BatchRows);
        // Rows whose attributions miss completeness by more than the tolerance are integrated again with twice the steps.
        for (var steps = options.Steps * 2; steps <= options.MaxSteps; steps *= 2)
        {
            // The tensors stay the pass's: this view only reads them.
            var complete = new Attributions(pass.Values, pass.Outputs, pass.BaselineOutputs, pass.Targets).Complete(options.Tolerance);
            var failing = Enumerable.Range(0, complete.Length).Where(r => !complete[r]).Select(r => (long)r).ToArray();
            if (failing.Length == 0) break;
            using var index = tensor(failing);
            var subset = inputs.Select(t => t.index_select(0, index)).ToArray();
            try
            {
                var again = Pass(model, subset, baselines, paths, [.. failing.Select(r => pass.Targets[r])], steps, options.BatchRows);
                for (var i = 0; i < again.Values.Length; i++) pass.Values[i]?.index_copy_(0, index, again.Values[i]!);
                for (var k = 0; k < failing.Length; k++)
                {
                    pass.Outputs[failing[k]] = again.Outputs[k];
                    pass.BaselineOutputs[failing[k]] = again.BaselineOutputs[k];
                }
                foreach (var v in again.Values) v?.Dispose();
            }
            finally
            {
                foreach (var t in subset) t.Dispose();
            }
        }
        return new Attributions(pass.Values, pass.Outputs, pass.BaselineOutputs, pass.Targets);
    }

    /// <summary>Per row, the sum of its attributions over every input.</summary>
    internal static double[] RowSums(IReadOnlyList<Tensor?> values)
    {
        double[]? sums = null;
        foreach (var v in values)
        {
            if (v is null) continue;
            using var perRow = v.flatten(1).sum(1).to_type(ScalarType.Float64);
            var rowValues = perRow.data<double>().ToArray();
            sums ??= new double[rowValues.Length];
            for (var r = 0; r < sums.Length; r++) sums[r] += rowValues[r];
        }
        return sums ?? [];
    }

    private sealed record PassResult(Tensor?[] Values, double[] Outputs, double[] BaselineOutputs, long[] Targets);

    /// <summary>How one model input is integrated: along its own values (floating point), through the vectors of the embedding that reads it (token ids), or not at all.</summary>
    private sealed record InputPath(bool Floating, Embedding? Embedding)
    {
        public bool Explained => Floating || Embedding is not null;
    }

    /// <summary>Per model input, the one embedding layer that reads it directly, if any.</summary>
    private static Embedding?[] EmbeddingsOf(Model model)
    {
        var found = new Embedding?[model.InputNames.Count];
        if (model is Sequential sequential)
        {
            if (sequential.Layers.Count > 0 && sequential.Layers[0] is Embedding first) found[0] = first;
            return found;
        }
        if (model.Graph is not { } graph) return found;
        for (var i = 0; i < found.Length; i++)
        {
            // Other readers of the ids (a pooling layer masking the padding) keep seeing them as they are.
            var readers = graph.Nodes.Where(n => n.Inbound.Contains(i) && n.Layer is Embedding).ToList();
            if (readers is [{ Layer: Embedding embedding, Inbound.Count: 1 }] && graph.Nodes.Count(n => ReferenceEquals(n.Layer, embedding)) == 1)
                found[i] = embedding;
        }
        return found;
    }

    /// <summary>One integration of every row with <paramref name="steps"/> points.</summary>
    private static PassResult Pass(Model model, IReadOnlyList<Tensor> inputs, Tensor?[] baselines, InputPath[] paths, IReadOnlyList<long>? targets, int steps, int batchRows)
    {
        var rows = inputs[0].shape[0];
        var rowsPerChunk = Math.Max(1, batchRows / steps);
        var parts = inputs.Select(_ => new List<Tensor>()).ToArray();
        var outputs = new double[rows];
        var baselineOutputs = new double[rows];
        var chosen = new long[rows];
        try
        {
            for (long start = 0; start < rows; start += rowsPerChunk)
            {
                var count = Math.Min(rowsPerChunk, rows - start);
                using var scope = NewDisposeScope();
                var device = LeptonRuntime.Device;
                var chunk = inputs.Select(t => t.narrow(0, start, count).to(device)).ToArray();
                var bases = baselines.Select(b => b?.to(device)).ToArray();
                // A token's baseline is the padding id's vector (id 0), the same at every position.
                var padding = paths.Select(p => p.Embedding?.Vectors(zeros([1], ScalarType.Int64, device))).ToArray();

                // The answers at the inputs and at the baselines, and the class each row is explained for.
                Tensor answer, baseAnswer;
                using (no_grad())
                {
                    answer = Answer(model, chunk);
                    var baseInputs = chunk.Select((t, i) => bases[i] is { } b ? b.unsqueeze(0).expand(t.shape) : t).ToArray();
                    baseAnswer = WithEmbeddings(paths, i => v => padding[i]!.expand(v.shape), () => Answer(model, baseInputs));
                }
                var target = targets is null
                    ? (answer.shape[1] == 1 ? zeros(count, dtype: ScalarType.Int64, device: device) : answer.argmax(1))
                    : tensor(targets.Skip((int)start).Take((int)count).ToArray(), device: device);
                if (target.numel() > 0 && (target.min().item<long>() < 0 || target.max().item<long>() >= answer.shape[1]))
                    throw new ArgumentException($"A target class is outside the model's {answer.shape[1]} output(s).", nameof(targets));
                var index = target.unsqueeze(1);
                var at = answer.gather(1, index).squeeze(1).to_type(ScalarType.Float64).cpu();
                var atBase = baseAnswer.gather(1, index).squeeze(1).to_type(ScalarType.Float64).cpu();

                // Midpoint rule: the gradient at (k + ½)/steps of the way from baseline to input, averaged over k.
                // Rows go step-major: the chunk's rows at the first step, then at the second, and so on.
                var alphas = (arange(steps, dtype: ScalarType.Float32, device: device) + 0.5f) / steps;
                var points = new Tensor?[chunk.Length];
                var differences = new Tensor?[chunk.Length];
                var along = new Tensor[chunk.Length];
                for (var i = 0; i < chunk.Length; i++)
                {
                    var x = chunk[i];
                    if (!paths[i].Floating)
                    {
                        along[i] = x.repeat([steps, .. Enumerable.Repeat(1L, (int)x.dim() - 1)]);
                        continue;
                    }
                    var b = bases[i]!;
                    var view = new long[x.dim() + 1];
                    Array.Fill(view, 1L);
                    view[0] = steps;
                    var path = b.unsqueeze(0).unsqueeze(0) + alphas.to_type(x.dtype).view(view) * (x - b.unsqueeze(0)).unsqueeze(0);
                    along[i] = path.reshape([steps * count, .. x.shape[1..]]).detach().requires_grad_(true);
                    points[i] = along[i];
                }
                var rowAlphas = alphas.repeat_interleave(count);
                Tensor summed;
                using (enable_grad())
                {
                    var pathAnswer = WithEmbeddings(paths, i => vectors =>
                    {
                        var view = new long[vectors.dim()];
                        Array.Fill(view, 1L);
                        view[0] = -1;
                        var difference = (vectors - padding[i]!).detach();
                        var point = (padding[i]! + (rowAlphas.view(view) * difference)).detach().requires_grad_(true);
                        differences[i] = difference;
                        points[i] = point;
                        return point;
                    }, () => Answer(model, along));
                    summed = pathAnswer.gather(1, index.repeat([steps, 1L])).sum();
                }
                var wanted = Enumerable.Range(0, chunk.Length).Where(i => points[i] is not null).ToArray();
                var gradients = TorchSharp.torch.autograd.grad([summed], wanted.Select(i => points[i]!).ToArray());
                foreach (var (w, i) in wanted.Select((i, w) => (w, i)))
                {
                    var mean = gradients[w].reshape([steps, count, .. points[i]!.shape[1..]]).mean([0]);
                    var attribution = paths[i].Floating
                        ? mean * (chunk[i] - bases[i]!.unsqueeze(0))
                        // Through an embedding: each token's share is its vector's, summed over the vector.
                        : (mean * differences[i]!.reshape([steps, count, .. points[i]!.shape[1..]])[0]).sum([-1]);
                    parts[i].Add(attribution.detach().cpu().MoveToOuterDisposeScope());
                }
                var atValues = at.data<double>().ToArray();
                var baseValues = atBase.data<double>().ToArray();
                var targetValues = target.cpu().data<long>().ToArray();
                for (var r = 0; r < count; r++)
                {
                    outputs[start + r] = atValues[r];
                    baselineOutputs[start + r] = baseValues[r];
                    chosen[start + r] = targetValues[r];
                }
            }
            var values = parts.Select((p, i) => paths[i].Explained ? cat(p, 0) : null).ToArray();
            return new PassResult(values, outputs, baselineOutputs, chosen);
        }
        finally
        {
            foreach (var list in parts)
            {
                foreach (var t in list) t.Dispose();
            }
        }
    }

    /// <summary>Runs <paramref name="forward"/> with each token input's embedding output replaced as <paramref name="replace"/> says, and restores the embeddings after.</summary>
    private static Tensor WithEmbeddings(InputPath[] paths, Func<int, Func<Tensor, Tensor>> replace, Func<Tensor> forward)
    {
        var hooked = Enumerable.Range(0, paths.Length).Where(i => paths[i].Embedding is not null).ToArray();
        foreach (var i in hooked) paths[i].Embedding!.Interpolate(replace(i));
        try
        {
            return forward();
        }
        finally
        {
            foreach (var i in hooked) paths[i].Embedding!.Interpolate(null);
        }
    }

    /// <summary>The model's answer in the units a user reads: probabilities for a classifier, values for a regression; always [rows, outputs].</summary>
    private static Tensor Answer(Model model, IReadOnlyList<Tensor> inputs)
    {
        var output = model.Run(inputs);
        if (model.OutputLoss is { } loss) output = loss.ToProbabilities(output);
        return output.dim() == 1 ? output.unsqueeze(1) : output.flatten(1);
    }
}
