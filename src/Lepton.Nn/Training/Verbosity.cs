namespace Lepton.Nn.Training;

/// <summary>How much <c>Fit</c> prints.</summary>
public enum Verbosity
{
    /// <summary>A live progress bar when the output is a terminal, one line per epoch when it is a file or pipe.</summary>
    Auto,

    /// <summary>Nothing.</summary>
    Silent,

    /// <summary>A live progress bar, even when redirected.</summary>
    ProgressBar,

    /// <summary>One line per epoch.</summary>
    OneLinePerEpoch,
}
