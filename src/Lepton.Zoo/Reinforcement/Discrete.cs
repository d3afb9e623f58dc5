namespace Lepton.Zoo.Reinforcement;

/// <summary>The integers <c>0 … Count − 1</c>: FrozenLake's 16 cells, CartPole's two pushes (Gymnasium's <c>Discrete(n)</c>).</summary>
public sealed class Discrete : Space<int>
{
    /// <summary>A space of <paramref name="count"/> values, 0 to count − 1.</summary>
    public Discrete(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
    }

    /// <summary>How many values there are.</summary>
    public int Count { get; }

    /// <inheritdoc />
    public override bool Contains(int value) => value >= 0 && value < Count;

    /// <inheritdoc />
    public override int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(Count);
    }

    /// <inheritdoc />
    public override string Format(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => $"Discrete({Count})";
}
