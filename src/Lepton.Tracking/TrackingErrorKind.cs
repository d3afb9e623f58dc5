namespace Lepton.Tracking;

/// <summary>What kind of failure a <see cref="TrackingException"/> reports; the HTTP API maps each to a status code.</summary>
public enum TrackingErrorKind
{
    /// <summary>The experiment, run, model, version, alias or artifact does not exist (404).</summary>
    NotFound,

    /// <summary>The request contradicts what is stored, e.g. a parameter logged twice with different values (409).</summary>
    Conflict,

    /// <summary>A name, value or query is not valid (400).</summary>
    Invalid,

    /// <summary>Stored data failed verification, e.g. an artifact whose content no longer matches its hash (500, named).</summary>
    Corrupt,

    /// <summary>The store cannot be used: unreachable, or written by a newer Lepton (503).</summary>
    Unavailable,
}
