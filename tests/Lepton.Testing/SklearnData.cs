namespace Lepton.Testing;

/// <summary>The small real CSVs Debian's python3-sklearn installs (first line: counts and class names, not column names).</summary>
public static class SklearnData
{
    /// <summary>Where Debian installs them.</summary>
    public const string Folder = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    /// <summary>150 irises, 4 measurements and the species.</summary>
    public static string Iris => Path.Combine(Folder, "iris.csv");

    /// <summary>178 wines, 13 measurements and the cultivar.</summary>
    public static string Wine => Path.Combine(Folder, "wine_data.csv");

    /// <summary>569 tumours, 30 measurements and the diagnosis.</summary>
    public static string BreastCancer => Path.Combine(Folder, "breast_cancer.csv");

    /// <summary>Whether all three files are there.</summary>
    public static bool IsInstalled => File.Exists(Iris) && File.Exists(Wine) && File.Exists(BreastCancer);
}
