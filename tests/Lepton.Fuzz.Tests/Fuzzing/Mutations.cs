using CsCheck;

namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>CsCheck generators of <see cref="Mutant"/>s: up to eight mutations of a seed, shrinking toward the seed itself.</summary>
internal static class Mutations
{
    public static readonly Gen<Mutation> One =
        from kind in Gen.Enum<MutationKind>()
        from position in Gen.Int[0, int.MaxValue]
        from length in Gen.Int[0, 4096]
        from value in Gen.Int[0, 1 << 16]
        select new Mutation(kind, position, length, value);

    /// <summary>Byte-level and text-level mutations of any seed.</summary>
    public static Gen<Mutant> Of(int seeds, int maxMutations = 8) =>
        from seed in Gen.Int[0, seeds - 1]
        from mutations in One.List[0, maxMutations]
        select new Mutant(seed, mutations);

    /// <summary>Only the text-aware mutations (numbers and strings replaced by interesting tokens, tokens inserted).</summary>
    public static Gen<Mutant> TextOf(int seeds, int maxMutations = 4) =>
        from seed in Gen.Int[0, seeds - 1]
        from mutations in Gen.Select(
                Gen.OneOf(MutationKind.ReplaceNumber, MutationKind.ReplaceString, MutationKind.InsertToken),
                Gen.Int[0, int.MaxValue], Gen.Int[0, 4096], Gen.Int[0, 1 << 16],
                (kind, position, length, value) => new Mutation(kind, position, length, value))
            .List[1, maxMutations]
        select new Mutant(seed, mutations);
}
