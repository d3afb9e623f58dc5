namespace Lepton.Data.Pipelines;

/// <summary>What happens to a value outside the bounds fitted on the training data.</summary>
public enum OutlierAction
{
    /// <summary>The row is removed.</summary>
    Drop,

    /// <summary>The value is set to the nearest bound.</summary>
    Clip,
}
