namespace Lepton.Training.Features;

/// <summary>What a column of a training table is to the model (Ludwig's feature types, for tables).</summary>
public enum FeatureRole
{
    /// <summary>A number: missing values imputed by the median, then standard-scaled.</summary>
    Number,

    /// <summary>A category: one-hot when it has few values, ordinal or target encoded when it has many.</summary>
    Category,

    /// <summary>Two values (a boolean, or a category of two).</summary>
    Binary,

    /// <summary>Free text: TF-IDF weights of its most frequent words.</summary>
    Text,

    /// <summary>A date or time: its year, month, day and day of the week, as numbers.</summary>
    Date,

    /// <summary>The column the model predicts.</summary>
    Target,

    /// <summary>Not used, for the reason given (an identifier, a constant, mostly missing).</summary>
    Dropped,
}
