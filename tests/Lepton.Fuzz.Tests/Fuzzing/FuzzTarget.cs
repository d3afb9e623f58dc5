namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>
/// One input surface under fuzzing: <see cref="Run"/> hands it raw bytes, <see cref="IsDocumented"/> says whether an
/// exception is the one it documents for bad input. Anything else (a NullReferenceException, an index out of range,
/// running out of memory) is a finding.
/// </summary>
public sealed record FuzzTarget(string Name, Action<byte[]> Run, Func<Exception, bool> IsDocumented)
{
    /// <summary>Runs the target: true when it accepted the input, false when it refused it as documented.</summary>
    /// <exception cref="UndocumentedFailureException">The target failed in a way it does not document.</exception>
    public bool Check(byte[] input)
    {
        try
        {
            Run(input);
            return true;
        }
        catch (Exception e) when (IsDocumented(e))
        {
            return false;
        }
        catch (Exception e) when (e is not UndocumentedFailureException)
        {
            throw new UndocumentedFailureException(Name, e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
