using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// What <see cref="SimpleRNN"/>, <see cref="LSTM"/> and <see cref="GRU"/> share: sequences in batch-first layout, input
/// <c>(time steps, features)</c>, output the last state <c>(units)</c> or every step's output
/// <c>(time steps, units)</c>; bidirectional puts both directions side by side (<c>2 · units</c>).
/// </summary>
public abstract class Recurrent : Layer
{
    private protected Recurrent(int units, bool returnSequences, bool bidirectional, string name) : base(name)
    {
        Units = LayerChecks.Width(this, units, nameof(units));
        ReturnSequences = returnSequences;
        Bidirectional = bidirectional;
    }

    /// <summary>The size of the state.</summary>
    public int Units { get; }

    /// <summary>Whether every step's output is returned rather than only the last state.</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the sequence is also read backwards.</summary>
    public bool Bidirectional { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("units", Units).Set("return_sequences", ReturnSequences).Set("bidirectional", Bidirectional);

    /// <summary>The engine module's name in the state_dict ("lstm", "gru").</summary>
    private protected abstract string CellName { get; }

    /// <summary>The gates per unit: 4 for an LSTM, 3 for a GRU.</summary>
    private protected abstract int Gates { get; }

    /// <summary>Creates and registers the engine's recurrent module for <paramref name="features"/> inputs.</summary>
    private protected abstract void CreateCell(long features);

    /// <summary>Runs the engine's module: every step's output <c>(N, T, D·units)</c> and the final hidden states <c>(D, N, units)</c>.</summary>
    private protected abstract (Tensor Output, Tensor FinalHidden) Run(Tensor input);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = SingleInput(inputs);
        var output = OutputFor(input);
        long gated = (long)Gates * Units;
        var tensors = new List<PlannedTensor>();
        // The engine's names: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, then the same with _reverse.
        foreach (var direction in Bidirectional ? new[] { "", "_reverse" } : [""])
        {
            tensors.Add(new($"{CellName}.weight_ih_l0{direction}", [gated, input[1]]));
            tensors.Add(new($"{CellName}.weight_hh_l0{direction}", [gated, Units]));
            tensors.Add(new($"{CellName}.bias_ih_l0{direction}", [gated]));
            tensors.Add(new($"{CellName}.bias_hh_l0{direction}", [gated]));
        }
        return new(output, tensors);
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var output = OutputFor(input);
        CreateCell(input[1]);
        return output;
    }

    private Shape OutputFor(Shape input)
    {
        if (input.Rank != 2 || input[1] < 1)
            throw LayerChecks.WrongInput(this, input, "(time steps, features) with a known number of features");
        var width = Bidirectional ? 2L * Units : Units;
        return ReturnSequences ? new Shape(input[0], width) : new Shape(width);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var (output, finalHidden) = Run(input);
        using (output)
        using (finalHidden)
        {
            // The last state: forward's last step, then (bidirectional) backward's first, side by side.
            return ReturnSequences ? output.alias() : finalHidden.permute(1, 0, 2).reshape(finalHidden.shape[1], -1);
        }
    }
}
