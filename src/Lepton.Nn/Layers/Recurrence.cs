using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>The shape rules and output selection shared by <see cref="LSTM"/> and <see cref="GRU"/>.</summary>
internal static class Recurrence
{
    /// <summary>The number of input features, after checking the input is a <c>(time, features)</c> sequence.</summary>
    public static long Features(Layer layer, Shape input)
    {
        if (input.Rank != 2 || input[1] < 1)
            throw LayerChecks.WrongInput(layer, input, "(time steps, features) with a known number of features");
        return input[1];
    }

    public static Shape OutputShape(Shape input, int units, bool returnSequences, bool bidirectional)
    {
        var width = bidirectional ? 2L * units : units;
        return returnSequences ? new Shape(input[0], width) : new Shape(width);
    }

    /// <summary>
    /// The layer's result from the engine's outputs: every step's output <c>(N, T, D·units)</c>, or the final hidden
    /// states <c>(D, N, units)</c> side by side (forward's last step, then backward's first).
    /// </summary>
    public static Tensor Select(Tensor output, Tensor finalHidden, bool returnSequences)
    {
        if (returnSequences) return output.alias();
        return finalHidden.permute(1, 0, 2).reshape(finalHidden.shape[1], -1);
    }
}
