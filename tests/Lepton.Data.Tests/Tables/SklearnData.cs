namespace Lepton.Data.Tests.Tables;

/// <summary>The small real CSVs Debian's python3-sklearn installs (first line: counts and class names, not column names).</summary>
internal static class SklearnData
{
    public const string Folder = "/usr/lib/python3/dist-packages/sklearn/datasets/data";
    public static string Iris => Path.Combine(Folder, "iris.csv");
    public static string Wine => Path.Combine(Folder, "wine_data.csv");
    public static string BreastCancer => Path.Combine(Folder, "breast_cancer.csv");
    public static bool IsInstalled => File.Exists(Iris) && File.Exists(Wine) && File.Exists(BreastCancer);
}
