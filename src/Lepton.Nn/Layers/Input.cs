namespace Lepton.Nn.Layers;

/// <summary>A model input of a declared shape: the start of a functional graph (<c>new Input(1, 28, 28)</c>).</summary>
public sealed class Input : SymbolicTensor
{
    private static int _counter;

    /// <summary>Declares an input whose examples have <paramref name="shape"/> (no batch dimension).</summary>
    public Input(Shape shape, string? name = null) : base(shape, null, [])
    {
        var n = Interlocked.Increment(ref _counter) - 1;
        Name = name ?? (n == 0 ? "input" : $"input_{n}");
    }

    /// <summary>Declares an input by its dimensions, e.g. <c>new Input(1, 28, 28)</c>.</summary>
    public Input(params long[] dims) : this(new Shape(dims))
    {
    }

    /// <summary>The input's name, as shown in summaries and in the model's input signature.</summary>
    public string Name { get; }
}
