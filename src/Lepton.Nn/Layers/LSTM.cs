using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A long short-term memory layer over sequences in batch-first layout: input <c>(time steps, features)</c>, output the
/// last state <c>(units)</c> or every step's output <c>(time steps, units)</c>. Bidirectional runs a second
/// pass backwards in time and puts both results side by side (<c>2 · units</c>).
/// </summary>
public sealed class LSTM : Recurrent
{
    // The component name matches the name the engine module is registered under, so each weight appears once in the state_dict.
    [ComponentName(Name = "lstm")]
    private TorchSharp.Modules.LSTM? _rnn;

    /// <summary>Creates the layer.</summary>
    /// <param name="units">The size of the state (and of each step's output).</param>
    /// <param name="returnSequences">Return every step's output instead of only the last state.</param>
    /// <param name="bidirectional">Also read the sequence backwards and concatenate both directions.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public LSTM(int units, bool returnSequences = false, bool bidirectional = false, string? name = null)
        : base(units, returnSequences, bidirectional, name ?? DefaultName<LSTM>())
    {
    }

    internal LSTM(LayerConfig config)
        : this(config.GetInt("units"), config.GetBool("return_sequences", false), config.GetBool("bidirectional", false), config.Name)
    {
    }

    private protected override string CellName => "lstm";

    private protected override int Gates => 4;

    private protected override void CreateCell(long features)
    {
        _rnn = nn.LSTM(features, Units, batchFirst: true, bidirectional: Bidirectional);
        register_module(CellName, _rnn);
        _rnn.train(training);
    }

    private protected override (Tensor Output, Tensor FinalHidden) Run(Tensor input)
    {
        var (output, hidden, cell) = _rnn!.call(input);
        cell.Dispose();
        return (output, hidden);
    }
}
