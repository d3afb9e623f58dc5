using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A fully connected recurrent layer over sequences in batch-first layout, <c>h_t = activation(W · x_t + U · h_(t−1) + b)</c>:
/// input <c>(time steps, features)</c>, output the last state <c>(units)</c> or every step's state
/// <c>(time steps, units)</c>. Bidirectional runs a second pass backwards in time and puts both results side by side
/// (<c>2 · units</c>).
/// </summary>
public sealed class SimpleRNN : Recurrent
{
    // The component name matches the name the engine module is registered under, so each weight appears once in the state_dict.
    [ComponentName(Name = "rnn")]
    private TorchSharp.Modules.RNN? _rnn;

    /// <summary>Creates the layer.</summary>
    /// <param name="units">The size of the state (and of each step's output).</param>
    /// <param name="activation">"tanh" (Keras's default) or "relu": the engine's recurrent kernel has only these two.</param>
    /// <param name="returnSequences">Return every step's output instead of only the last state.</param>
    /// <param name="bidirectional">Also read the sequence backwards and concatenate both directions.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public SimpleRNN(int units, string activation = "tanh", bool returnSequences = false, bool bidirectional = false, string? name = null)
        : base(units, returnSequences, bidirectional, name ?? DefaultName<SimpleRNN>())
    {
        ArgumentNullException.ThrowIfNull(activation);
        var normalized = activation.ToLowerInvariant();
        Activation = normalized is "tanh" or "relu"
            ? normalized
            : throw new ArgumentException(
                $"{LayerChecks.Describe(this)}: activation '{activation}' is not available for a recurrent state; use \"tanh\" or \"relu\".", nameof(activation));
    }

    internal SimpleRNN(LayerConfig config)
        : this(config.GetInt("units"), config.GetString("activation", "tanh")!, config.GetBool("return_sequences", false),
               config.GetBool("bidirectional", false), config.Name)
    {
    }

    /// <summary>"tanh" or "relu".</summary>
    public string Activation { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("activation", Activation);

    private protected override string CellName => "rnn";

    private protected override int Gates => 1;

    private protected override void CreateCell(long features)
    {
        var nonLinearity = Activation == "relu" ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh;
        _rnn = nn.RNN(features, Units, nonLinearity: nonLinearity, batchFirst: true, bidirectional: Bidirectional);
        register_module(CellName, _rnn);
        _rnn.train(training);
    }

    private protected override (Tensor Output, Tensor FinalHidden) Run(Tensor input) => _rnn!.call(input);
}
