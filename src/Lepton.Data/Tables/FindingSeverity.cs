namespace Lepton.Data.Tables;

/// <summary>How much a quality finding matters.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing; usually nothing to do.</summary>
    Info,

    /// <summary>Likely to hurt a model unless handled.</summary>
    Warning,

    /// <summary>Will mislead a model or its evaluation; fix before training.</summary>
    Error,
}
