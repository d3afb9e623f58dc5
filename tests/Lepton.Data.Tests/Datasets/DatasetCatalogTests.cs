using Lepton.Data.Datasets;
using Lepton.Data.Tables;
using Lepton.Data.Tests.Tables;

namespace Lepton.Data.Tests.Datasets;

public sealed class DatasetCatalogTests
{
    [FactIfSklearnData]
    public void Iris_loads_by_name_with_named_columns_and_species_as_classes()
    {
        using var iris = DatasetCatalog.Load("iris");

        Assert.Equal(150, iris.RowCount);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], iris.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Float, iris.Column("sepal_length").Kind);
        Assert.Equal(ColumnKind.Categorical, iris.Column("species").Kind);
        var species = iris.GetStrings("species");
        Assert.Equal(50, species.Count(s => s == "setosa"));
        Assert.Equal("virginica", species[^1]);
        Assert.Equal(5.1, iris.GetDoubles("sepal_length")[0]);
        Assert.EndsWith("iris.csv", iris.ReadSummary.FilePath);
    }

    [FactIfSklearnData]
    public void Every_table_has_the_rows_and_columns_its_description_promises()
    {
        foreach (var info in DatasetCatalog.All.Where(d => d.IsTabular))
        {
            using var table = DatasetCatalog.Load(info.Name);
            Assert.True(info.Rows == table.RowCount, $"{info.Name}: {table.RowCount} rows, expected {info.Rows}");
            Assert.Equal(info.Features.Append(info.Target), table.Columns.Select(c => c.Name));
            Assert.Equal(0, table.ReadSummary.RowsSkipped);
        }
    }

    [FactIfSklearnData]
    public void Diabetes_joins_features_and_target_row_for_row()
    {
        using var diabetes = DatasetCatalog.Load("diabetes");

        Assert.True(diabetes.Column("progression").IsNumeric); // whole numbers stored as 1.51e+02
        Assert.Equal(151.0, diabetes.GetDoubles("progression")[0]);
        Assert.Equal(59.0, diabetes.GetDoubles("age")[0]);
        Assert.Equal(32.1, diabetes.GetDoubles("bmi")[0]);
    }

    [FactIfSklearnData]
    public void Names_ignore_case_and_dashes()
    {
        Assert.Equal("breast_cancer", DatasetCatalog.Describe("Breast-Cancer").Name);
        Assert.Equal(["malignant", "benign"], DatasetCatalog.Describe("breast_cancer").ClassNames);
    }

    [Fact]
    public void An_unknown_name_lists_the_datasets()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => DatasetCatalog.Describe("mnist"));
        Assert.Contains("iris", error.Message);
        Assert.Contains("fashion-mnist", error.Message);
    }

    [Fact]
    public void Missing_files_name_the_package_to_install()
    {
        var previous = Environment.GetEnvironmentVariable(DatasetCatalog.SklearnFolderVariable);
        Environment.SetEnvironmentVariable(DatasetCatalog.SklearnFolderVariable, "/nonexistent/sklearn-data");
        try
        {
            Assert.False(DatasetCatalog.Describe("wine").IsInstalled);
            var error = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Load("wine"));
            Assert.Contains("apt-get install python3-sklearn", error.Message);
            Assert.Contains("/nonexistent/sklearn-data/wine_data.csv", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DatasetCatalog.SklearnFolderVariable, previous);
        }
    }

    [Fact]
    public void Fashion_mnist_is_images_and_says_how_to_load_it()
    {
        var info = DatasetCatalog.Describe("fashion-mnist");
        Assert.False(info.IsTabular);
        Assert.Equal(10, info.ClassNames.Count);
        var error = Assert.Throws<NotSupportedException>(() => DatasetCatalog.Load("fashion-mnist"));
        Assert.Contains("LoadImages", error.Message);
    }
}
