using System.Globalization;

namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// Vectors of real numbers each within its bounds (Gymnasium's <c>Box(low, high, shape)</c>), flattened row-major
/// into one <c>float[]</c>; a bound may be infinite.
/// </summary>
public sealed class Box : Space<float[]>
{
    private readonly float[] _low;
    private readonly float[] _high;

    /// <summary>A box of <paramref name="shape"/> whose every element lies in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public Box(float low, float high, params int[] shape)
        : this(Filled(low, shape), Filled(high, shape), shape)
    {
    }

    /// <summary>A vector box with one bound per element.</summary>
    public Box(float[] low, float[] high) : this(low, high, [low?.Length ?? 0])
    {
    }

    private Box(float[] low, float[] high, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length == 0 || low.Length != high.Length)
            throw new ArgumentException($"A box needs as many lower as upper bounds, at least one: got {low.Length} and {high.Length}.", nameof(high));
        for (var i = 0; i < low.Length; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"Element {i} of the box has bounds [{low[i]}, {high[i]}]: the lower bound must not exceed the upper.", nameof(low));
        }
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
        Shape = (int[])shape.Clone();
    }

    /// <summary>The shape of a value (a vector of 4 for CartPole).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements of a value.</summary>
    public int Size => _low.Length;

    /// <summary>The lower bound of each element.</summary>
    public IReadOnlyList<float> Low => _low;

    /// <summary>The upper bound of each element.</summary>
    public IReadOnlyList<float> High => _high;

    /// <inheritdoc />
    public override bool Contains(float[] value)
    {
        if (value is null || value.Length != _low.Length) return false;
        for (var i = 0; i < value.Length; i++)
        {
            if (float.IsNaN(value[i]) || value[i] < _low[i] || value[i] > _high[i]) return false;
        }
        return true;
    }

    /// <summary>Uniform within finite bounds; normal where both are infinite, exponential from a single finite bound (as Gymnasium).</summary>
    public override float[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var value = new float[_low.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var (low, high) = (_low[i], _high[i]);
            var lowFinite = float.IsFinite(low);
            var highFinite = float.IsFinite(high);
            value[i] = (lowFinite, highFinite) switch
            {
                (true, true) => (float)(low + ((double)high - low) * random.NextDouble()),
                (true, false) => (float)(low - Math.Log(1 - random.NextDouble())),
                (false, true) => (float)(high + Math.Log(1 - random.NextDouble())),
                _ => (float)Normal(random),
            };
        }
        return value;
    }

    /// <inheritdoc />
    public override string Format(float[] value) =>
        value is null ? "null" : $"[{string.Join(", ", value.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}] ({value.Length} values)";

    /// <inheritdoc />
    public override string ToString() =>
        $"Box(low [{string.Join(", ", _low.Select(Text))}], high [{string.Join(", ", _high.Select(Text))}], shape ({string.Join(", ", Shape)}))";

    private static string Text(float v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static float[] Filled(float value, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d < 1))
            throw new ArgumentException($"A box's shape needs positive dimensions, got ({string.Join(", ", shape)}).", nameof(shape));
        return Enumerable.Repeat(value, shape.Aggregate(1, (a, d) => checked(a * d))).ToArray();
    }
}
