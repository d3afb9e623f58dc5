using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A learned vector per position of a sequence, as KerasHub's PositionEmbedding: input <c>(time steps, features)</c>,
/// output the same shape holding the vectors of positions 0 … time steps − 1 (add it to the input with <see cref="Add"/>),
/// so a <see cref="TransformerEncoder"/> can tell word order.
/// </summary>
public sealed class PositionEmbedding : Layer
{
    // The component name keeps the field and the registered weight the same object when the layer changes device.
    [ComponentName(Name = "positions")]
    private Parameter? _positions;

    /// <summary>Creates position vectors for sequences of up to <paramref name="sequenceLength"/> steps.</summary>
    /// <param name="sequenceLength">The longest sequence the layer takes.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public PositionEmbedding(int sequenceLength, string? name = null) : base(name ?? DefaultName<PositionEmbedding>())
    {
        SequenceLength = LayerChecks.InRange(this, sequenceLength, 1, LayerLimits.MaxWidth, nameof(sequenceLength));
    }

    internal PositionEmbedding(LayerConfig config) : this(config.GetInt("sequence_length"), config.Name)
    {
    }

    /// <summary>The longest sequence the layer takes.</summary>
    public int SequenceLength { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("sequence_length", SequenceLength);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = Checked(SingleInput(inputs));
        return new(input, [new("positions", [SequenceLength, input[1]])]);
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        Checked(input);
        using (no_grad())
        {
            _positions = AddWeight("positions", (rand(SequenceLength, input[1]) * 0.1) - 0.05);
        }
        return input;
    }

    private Shape Checked(Shape input)
    {
        if (input.Rank != 2 || input[1] < 1) throw LayerChecks.WrongInput(this, input, "(time steps, features) with a known number of features");
        if (input[0] > SequenceLength)
            throw new ShapeMismatchException($"{LayerChecks.Describe(this)} holds {SequenceLength} positions, but its input {input.ToBatchString()} has {input[0]} time steps.");
        return input;
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        using var scope = NewDisposeScope();
        var steps = input.shape[1];
        return _positions!.narrow(0, 0, steps).unsqueeze(0).expand(input.shape[0], -1, -1).contiguous().MoveToOuterDisposeScope();
    }
}
