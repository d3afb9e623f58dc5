using System.Globalization;

namespace Lepton;

/// <summary>
/// The shape of one example, without the batch dimension: <c>(1, 28, 28)</c> for a grayscale image in
/// channels-first layout, <c>(20,)</c> for 20 features, <c>()</c> for a class index. <c>-1</c> marks a dimension
/// that is not fixed (a sequence length).
/// </summary>
public sealed class Shape : IEquatable<Shape>
{
    private readonly long[] _dims;

    /// <summary>Creates a shape from its dimensions.</summary>
    public Shape(params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        foreach (var d in dims)
        {
            if (d < -1 || d == 0)
                throw new ArgumentException($"Shape dimensions must be positive or -1 (unknown); got ({string.Join(", ", dims)}).", nameof(dims));
        }
        _dims = (long[])dims.Clone();
    }

    /// <summary>The shape of a scalar example (a class index, one regression target).</summary>
    public static Shape Scalar { get; } = new();

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>One dimension; negative indices count from the end.</summary>
    public long this[int index] => _dims[index < 0 ? _dims.Length + index : index];

    /// <summary>A copy of the dimensions.</summary>
    public long[] Dimensions => (long[])_dims.Clone();

    /// <summary>True when every dimension is fixed.</summary>
    public bool IsFullyKnown => Array.TrueForAll(_dims, d => d > 0);

    /// <summary>The number of elements in one example; fails when a dimension is unknown.</summary>
    public long ElementCount
    {
        get
        {
            if (!IsFullyKnown) throw new InvalidOperationException($"Shape {this} has an unknown dimension, so its element count is not fixed.");
            return _dims.Aggregate(1L, (a, b) => a * b);
        }
    }

    /// <summary>The shape with a batch dimension of the given size in front.</summary>
    public long[] WithBatch(long batch) => [batch, .. _dims];

    /// <summary>Takes the shape of a batched tensor's dimensions, dropping the first (batch) one.</summary>
    public static Shape FromBatched(ReadOnlySpan<long> batchedDims)
    {
        if (batchedDims.Length == 0) throw new ArgumentException("A batched tensor has at least one dimension (the batch).", nameof(batchedDims));
        return new Shape(batchedDims[1..].ToArray());
    }

    /// <summary>True when <paramref name="actual"/> fits this shape (unknown dimensions match anything).</summary>
    public bool Accepts(Shape actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (actual.Rank != Rank) return false;
        for (var i = 0; i < Rank; i++)
        {
            if (_dims[i] != -1 && actual._dims[i] != -1 && _dims[i] != actual._dims[i]) return false;
        }
        return true;
    }

    /// <summary>Keras-style text with the batch dimension shown as None: <c>(None, 28, 28)</c>.</summary>
    public string ToBatchString() => Format(["None", .. _dims.Select(Dim)]);

    /// <inheritdoc />
    public override string ToString() => Format(_dims.Select(Dim));

    /// <inheritdoc />
    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Shape other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in _dims) hash.Add(d);
        return hash.ToHashCode();
    }

    private static string Dim(long d) => d == -1 ? "None" : d.ToString(CultureInfo.InvariantCulture);

    private static string Format(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count == 1 ? $"({list[0]},)" : $"({string.Join(", ", list)})";
    }
}
