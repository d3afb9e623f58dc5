using Lepton.Data.Tables;
using Lepton.Data.Tests.Tables;

namespace Lepton.Data.Tests.Pipelines;

/// <summary>Debian's scikit-learn iris.csv read with real column names (its first line is counts).</summary>
internal static class Iris
{
    public static readonly string[] Features = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    public static readonly string[] Classes = ["0", "1", "2"];

    public static Table Read() => Table.Read(SklearnData.Iris, new TableReadOptions
    {
        HasHeader = false,
        SkipLines = 1,
        ColumnNames = [.. Features, "species"],
        ColumnKinds = new Dictionary<string, ColumnKind> { ["species"] = ColumnKind.Categorical },
    });
}
