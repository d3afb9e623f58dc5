namespace Lepton.Data.Pipelines;

/// <summary>How numeric columns are rescaled, with statistics from the training data.</summary>
public enum Scaling
{
    /// <summary>(x − min) / (max − min): training range to [0, 1].</summary>
    MinMax,

    /// <summary>(x − mean) / std, with the population standard deviation (as scikit-learn's StandardScaler).</summary>
    Standard,

    /// <summary>(x − median) / (Q3 − Q1).</summary>
    Robust,

    /// <summary>The training distribution's quantile of x (101 points, linear between them): uniform on [0, 1].</summary>
    Quantile,
}
