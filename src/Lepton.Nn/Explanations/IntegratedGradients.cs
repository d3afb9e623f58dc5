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
/// (softmax or sigmoid as its loss implies), a regression's value. Integer inputs (token ids) are held fixed along the
/// path and get no attributions. The integral is the midpoint rule over <c>steps</c> points; a row whose attributions
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
        var explained = inputs.Select(t => t.is_floating_point()).ToArray();
        if (!explained.Any(e => e))
            throw new ArgumentException($"Model '{model.Name}' has no floating-point input to attribute to (its inputs are token ids or other integers).", nameof(inputs));
        var baselines = Baselines(model, inputs, options.Baselines, explained);
        if (targets is not null && targets.Count != rows)
            throw new ArgumentException($"{targets.Count} targets were given for {rows} rows.", nameof(targets));

        var wasTraining = model.training;
        model.to(LeptonRuntime.Device);
        model.eval();
        try
        {
            return Run(model, inputs, baselines, explained, targets, options);
        }
        finally
        {
            model.train(wasTraining);
            foreach (var b in baselines) b?.Dispose();
        }
    }

    private static Tensor?[] Baselines(Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? given, bool[] explained)
    {
        if (given is not null && given.Count != inputs.Count)
            throw new ArgumentException($"{given.Count} baselines were given for the {inputs.Count} input(s) of model '{model.Name}'.", nameof(given));
        var baselines = new Tensor?[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!explained[i]) continue;
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

    private static Attributions Run(Model model, IReadOnlyList<Tensor> inputs, Tensor?[] baselines, bool[] explained, IReadOnlyList<long>? targets, IntegratedGradientsOptions options)
    {
        var pass = Pass(model, inputs, baselines, explained, targets, options.Steps, options.BatchRows);
        // Rows whose attributions miss completeness by more than the tolerance are integrated again with twice the steps.
        for (var steps = options.Steps * 2; steps <= options.MaxSteps; steps *= 2)
        {
            var sums = RowSums(pass.Values);
            var failing = Enumerable.Range(0, sums.Length)
                .Where(r => Math.Abs(sums[r] - (pass.Outputs[r] - pass.BaselineOutputs[r])) > options.Tolerance * Math.Max(Math.Abs(pass.Outputs[r] - pass.BaselineOutputs[r]), 1e-2))
                .Select(r => (long)r).ToArray();
            if (failing.Length == 0) break;
            using var index = tensor(failing);
            var subset = inputs.Select(t => t.index_select(0, index)).ToArray();
            try
            {
                var again = Pass(model, subset, baselines, explained, [.. failing.Select(r => pass.Targets[r])], steps, options.BatchRows);
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

    /// <summary>One integration of every row with <paramref name="steps"/> points.</summary>
    private static PassResult Pass(Model model, IReadOnlyList<Tensor> inputs, Tensor?[] baselines, bool[] explained, IReadOnlyList<long>? targets, int steps, int batchRows)
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

                // The answers at the inputs and at the baselines, and the class each row is explained for.
                Tensor answer, baseAnswer;
                using (no_grad())
                {
                    answer = Answer(model, chunk);
                    var baseInputs = chunk.Select((t, i) => bases[i] is { } b ? b.unsqueeze(0).expand(t.shape) : t).ToArray();
                    baseAnswer = Answer(model, baseInputs);
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
                var alphas = (arange(steps, dtype: ScalarType.Float32, device: device) + 0.5f) / steps;
                var paths = new Tensor[chunk.Length];
                for (var i = 0; i < chunk.Length; i++)
                {
                    var x = chunk[i];
                    if (bases[i] is not { } b)
                    {
                        paths[i] = x.repeat([steps, .. Enumerable.Repeat(1L, (int)x.dim() - 1)]);
                        continue;
                    }
                    var view = new long[x.dim() + 1];
                    Array.Fill(view, 1L);
                    view[0] = steps;
                    var along = b.unsqueeze(0).unsqueeze(0) + alphas.to_type(x.dtype).view(view) * (x - b.unsqueeze(0)).unsqueeze(0);
                    paths[i] = along.reshape([steps * count, .. x.shape[1..]]).detach().requires_grad_(true);
                }
                Tensor summed;
                using (enable_grad())
                {
                    var pathAnswer = Answer(model, paths);
                    summed = pathAnswer.gather(1, index.repeat([steps, 1L])).sum();
                }
                var wanted = Enumerable.Range(0, chunk.Length).Where(i => explained[i]).ToArray();
                var gradients = TorchSharp.torch.autograd.grad([summed], wanted.Select(i => paths[i]).ToArray());
                for (var w = 0; w < wanted.Length; w++)
                {
                    var i = wanted[w];
                    var x = chunk[i];
                    var mean = gradients[w].reshape([steps, count, .. x.shape[1..]]).mean([0]);
                    parts[i].Add((mean * (x - bases[i]!.unsqueeze(0))).detach().cpu().MoveToOuterDisposeScope());
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
            var values = parts.Select((p, i) => explained[i] ? cat(p, 0) : null).ToArray();
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

    /// <summary>The model's answer in the units a user reads: probabilities for a classifier, values for a regression; always [rows, outputs].</summary>
    private static Tensor Answer(Model model, IReadOnlyList<Tensor> inputs)
    {
        var output = model.Run(inputs);
        if (model.OutputLoss is { } loss) output = loss.ToProbabilities(output);
        return output.dim() == 1 ? output.unsqueeze(1) : output.flatten(1);
    }
}
