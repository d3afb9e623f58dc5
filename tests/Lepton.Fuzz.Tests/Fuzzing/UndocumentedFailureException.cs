namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>A fuzz target failed with an exception it does not document for bad input: a bug to fix.</summary>
public sealed class UndocumentedFailureException(string target, Exception inner)
    : Exception($"{target} failed with {inner.GetType().Name} (not the exception it documents for bad input): {inner.Message}", inner);
