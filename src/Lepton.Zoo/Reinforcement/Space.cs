namespace Lepton.Zoo.Reinforcement;

/// <summary>The set of valid observations or actions of an <see cref="Env{TObservation, TAction}"/>, as Gymnasium's spaces.</summary>
/// <typeparam name="T">The value type: <c>int</c> for <see cref="Discrete"/>, <c>float[]</c> for <see cref="Box"/>.</typeparam>
public abstract class Space<T>
{
    /// <summary>Whether <paramref name="value"/> belongs to the space.</summary>
    public abstract bool Contains(T value);

    /// <summary>A value drawn at random from the space (a random action, for exploration).</summary>
    public abstract T Sample(Random random);

    /// <summary>A value as text, for error messages.</summary>
    public abstract string Format(T value);
}
