using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// What <see cref="LSTM"/> and <see cref="GRU"/> share: sequences in batch-first layout, input
/// <c>(time steps, features)</c>, output the last state <c>(units)</c> or every step's output
/// <c>(time steps, units)</c>; bidirectional puts both directions side by side (<c>2 · units</c>).
/// </summary>
public abstract class Recurrent : Layer
{
    private protected Recurrent(int units, bool returnSequences, bool bidirectional, string name) : base(name)
    {
        Units = LayerChecks.AtLeastOne(this, units, nameof(units));
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

    /// <summary>Creates and registers the engine's recurrent module for <paramref name="features"/> inputs.</summary>
    private protected abstract void CreateCell(long features);

    /// <summary>Runs the engine's module: every step's output <c>(N, T, D·units)</c> and the final hidden states <c>(D, N, units)</c>.</summary>
    private protected abstract (Tensor Output, Tensor FinalHidden) Run(Tensor input);

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (input.Rank != 2 || input[1] < 1)
            throw LayerChecks.WrongInput(this, input, "(time steps, features) with a known number of features");
        CreateCell(input[1]);
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
