namespace Lepton.Data.Tests.Tables;

/// <summary>A fact that runs only where python3-sklearn's CSVs are installed (test.sh installs them).</summary>
public sealed class FactIfSklearnDataAttribute : FactAttribute
{
    public FactIfSklearnDataAttribute()
    {
        if (!SklearnData.IsInstalled) Skip = $"scikit-learn's CSVs are not in {SklearnData.Folder}: run `sudo apt-get install python3-sklearn`.";
    }
}
