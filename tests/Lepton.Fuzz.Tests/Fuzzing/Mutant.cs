namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>A seed of the corpus and the mutations applied to it, in order; printed when a case fails so it can be replayed.</summary>
internal sealed record Mutant(int Seed, IReadOnlyList<Mutation> Mutations)
{
    public byte[] Apply(IReadOnlyList<byte[]> seeds)
    {
        var bytes = seeds[Seed % seeds.Count];
        foreach (var mutation in Mutations) bytes = mutation.Apply(bytes, seeds);
        return bytes;
    }

    public override string ToString() => $"seed {Seed}: {string.Join(", ", Mutations)}";
}
