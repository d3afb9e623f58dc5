namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>What a <see cref="Mutation"/> does to its input.</summary>
internal enum MutationKind
{
    FlipBit,
    SetByte,
    Truncate,
    Delete,
    Duplicate,
    Splice,
    InsertToken,
    ReplaceNumber,
    ReplaceString,
}
