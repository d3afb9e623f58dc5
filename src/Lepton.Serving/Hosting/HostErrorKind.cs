namespace Lepton.Serving.Hosting;

/// <summary>Why the model host refused an operation; the HTTP layer picks the status code for each.</summary>
internal enum HostErrorKind
{
    /// <summary>A name, version, weight or source that cannot be used as given.</summary>
    Invalid,

    /// <summary>No such model or version is loaded.</summary>
    NotFound,

    /// <summary>The version is already loaded.</summary>
    Conflict,

    /// <summary>The model is loaded but no version takes its traffic.</summary>
    Unavailable,
}
