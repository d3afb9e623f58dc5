namespace Lepton.Serving.Hosting;

/// <summary>An operation the model host refused, with what kind of refusal it is and a message that says what to do.</summary>
internal sealed class ModelHostException(HostErrorKind kind, string message) : Exception(message)
{
    public HostErrorKind Kind { get; } = kind;

    public static ModelHostException Invalid(string message) => new(HostErrorKind.Invalid, message);

    public static ModelHostException NotFound(string message) => new(HostErrorKind.NotFound, message);

    public static ModelHostException Conflict(string message) => new(HostErrorKind.Conflict, message);
}
