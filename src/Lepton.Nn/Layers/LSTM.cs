using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A long short-term memory layer over sequences in batch-first layout: input <c>(time steps, features)</c>, output the
/// last state <c>(units)</c> or every step's output <c>(time steps, units)</c>. Bidirectional runs a second
/// pass backwards in time and puts both results side by side (<c>2 · units</c>).
/// </summary>
public sealed class LSTM : Layer
{
    private TorchSharp.Modules.LSTM? _rnn;

    /// <summary>Creates the layer.</summary>
    /// <param name="units">The size of the state (and of each step's output).</param>
    /// <param name="returnSequences">Return every step's output instead of only the last state.</param>
    /// <param name="bidirectional">Also read the sequence backwards and concatenate both directions.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public LSTM(int units, bool returnSequences = false, bool bidirectional = false, string? name = null)
        : base(name ?? DefaultName<LSTM>())
    {
        Units = LayerChecks.AtLeastOne(this, units, nameof(units));
        ReturnSequences = returnSequences;
        Bidirectional = bidirectional;
    }

    internal LSTM(LayerConfig config)
        : this(config.GetInt("units"), config.GetBool("return_sequences", false), config.GetBool("bidirectional", false), config.Name)
    {
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

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var features = Recurrence.Features(this, input);
        _rnn = nn.LSTM(features, Units, batchFirst: true, bidirectional: Bidirectional);
        register_module("lstm", _rnn);
        _rnn.train(training);
        return Recurrence.OutputShape(input, Units, ReturnSequences, Bidirectional);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var (output, hidden, cell) = _rnn!.call(input);
        using (output)
        using (hidden)
        using (cell)
        {
            return Recurrence.Select(output, hidden, ReturnSequences);
        }
    }
}
