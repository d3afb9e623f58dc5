namespace Lepton.Tracking;

/// <summary>A tracking or registry operation failed for a reason the caller can act on; <see cref="Kind"/> says which.</summary>
public sealed class TrackingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrackingException(TrackingErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    /// <summary>What kind of failure this is.</summary>
    public TrackingErrorKind Kind { get; }

    internal static TrackingException NotFound(string message) => new(TrackingErrorKind.NotFound, message);

    internal static TrackingException Invalid(string message) => new(TrackingErrorKind.Invalid, message);

    internal static TrackingException Conflict(string message) => new(TrackingErrorKind.Conflict, message);
}
