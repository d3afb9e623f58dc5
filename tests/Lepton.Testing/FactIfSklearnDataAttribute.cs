namespace Lepton.Testing;

/// <summary>A fact that needs python3-sklearn's CSVs (<see cref="SklearnData"/>); skipped, saying how to get them, without.</summary>
public sealed class FactIfSklearnDataAttribute : FactAttribute
{
    /// <summary>Skips the fact when the CSVs are not installed.</summary>
    public FactIfSklearnDataAttribute()
    {
        if (!SklearnData.IsInstalled) Skip = $"scikit-learn's CSVs are not in {SklearnData.Folder}: run `sudo apt-get install python3-sklearn` (test.sh does).";
    }
}
