namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>
/// Exceptions that mean a check is missing even when a reader wraps them in its documented exception (the model
/// file reader turns any failure into a ModelFileException, keeping the cause): the input reached code that
/// assumed it was valid. An ArgumentException is a deliberate refusal (a layer's "units must be from 1 to …") unless
/// it carries the runtime's own wording, which means an index or a length went unchecked.
/// </summary>
internal static class BugExceptions
{
    private static readonly string[] RuntimeWording =
    [
        "Specified argument was out of the range", "Index was out of range", "Non-negative number required",
        "Offset and length were out of bounds", "Value cannot be null", "Destination is too short", "Arithmetic operation resulted in an overflow",
    ];

    public static bool AnyIn(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is NullReferenceException or IndexOutOfRangeException or InvalidCastException or OverflowException
                or DivideByZeroException or KeyNotFoundException or OutOfMemoryException or InsufficientExecutionStackException
                or NotSupportedException or NotImplementedException or ObjectDisposedException)
                return true;
            if (current is ArgumentException && RuntimeWording.Any(w => current.Message.StartsWith(w, StringComparison.Ordinal)))
                return true;
        }
        return false;
    }
}
